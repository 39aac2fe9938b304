package dev.dbrestore.source.s3;

import dev.dbrestore.config.SourceSpec;
import dev.dbrestore.source.Credentials;
import dev.dbrestore.source.SourceContext;
import dev.dbrestore.support.Fault;
import dev.dbrestore.support.Redactor;
import dev.dbrestore.support.UserError;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One bucket as the s3 source and the publish destination reach it: the client (endpoint, region,
 * path style, credentials from serverId, the environment or the AWS chain) and the messages its
 * failures become. Secrets are registered with the Redactor the moment they are read.
 */
final class S3Access {
    private final SourceSpec.S3 spec;
    private final SourceContext ctx;
    private final String permissions;
    private S3Client s3;
    private String credentialsOrigin = "the AWS default credential chain";

    /** {@code permissions}: the S3 actions to name when access is refused, e.g. "s3:ListBucket and s3:GetObject". */
    S3Access(SourceSpec.S3 spec, SourceContext ctx, String permissions) {
        this.spec = spec;
        this.ctx = ctx;
        this.permissions = permissions;
    }

    void close() {
        if (s3 != null) {
            s3.close();
            s3 = null;
        }
    }

    S3Client client() {
        if (s3 == null) {
            s3 = newClient();
        }
        return s3;
    }

    <T> T call(String what, Supplier<T> call) {
        try {
            return call.get();
        } catch (SdkException e) {
            throw translate(e, what);
        }
    }

    RuntimeException translate(SdkException e, String what) {
        if (e instanceof NoSuchBucketException) {
            return new UserError("S3 bucket '" + spec.bucket() + "' does not exist" + where()
                    + ". Check the bucket name" + (spec.endpoint() == null ? " and region" : " and endpoint") + ".");
        }
        if (e instanceof NoSuchKeyException || (e instanceof S3Exception s && s.statusCode() == 404)) {
            return new UserError("No object " + what + where() + " (" + detail(e) + ")");
        }
        if (e instanceof S3Exception s && (s.statusCode() == 403 || s.statusCode() == 401)) {
            return new UserError("S3 refused access to " + what + where() + " (" + detail(e) + ") with the credentials from "
                    + credentialsOrigin + ". Check that they are valid and allow " + permissions + ".");
        }
        if (isMissingCredentials(e)) {
            return new UserError("No AWS credentials found for " + spec.describe() + ". Set AWS_ACCESS_KEY_ID and "
                    + "AWS_SECRET_ACCESS_KEY, or AWS_PROFILE, or run through `aws-vault exec PROFILE -- mvn …`, "
                    + "or name a settings.xml server with serverId: in the s3 source.");
        }
        if (e instanceof SdkClientException) {
            return new Fault("Cannot reach S3" + where() + " for " + what + ": " + e.getMessage(), e);
        }
        return new Fault("S3 failed on " + what + where() + ": " + detail(e), e);
    }

    static boolean isMissingCredentials(SdkException e) {
        return e instanceof SdkClientException && e.getMessage() != null
                && e.getMessage().contains("Unable to load credentials");
    }

    static String detail(SdkException e) {
        if (e instanceof S3Exception s && s.awsErrorDetails() != null) {
            String code = s.awsErrorDetails().errorCode();
            String message = s.awsErrorDetails().errorMessage();
            return "HTTP " + s.statusCode() + (code == null ? "" : " " + code) + (message == null ? "" : ": " + message);
        }
        return e.getMessage();
    }

    String url(String key) {
        return "s3://" + spec.bucket() + "/" + key;
    }

    private String where() {
        return spec.endpoint() == null ? "" : " at " + spec.endpoint();
    }

    private S3Client newClient() {
        S3ClientBuilder builder = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(30))
                        .socketTimeout(ctx.retry().idleTimeout()))
                .region(region())
                .credentialsProvider(credentials())
                .forcePathStyle(spec.pathStyle())
                // S3-compatible stores often reject the SDK's newer default checksums
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        if (spec.endpoint() != null && !spec.endpoint().isBlank()) {
            String endpoint = spec.endpoint().trim();
            try {
                builder.endpointOverride(URI.create(endpoint.contains("://") ? endpoint : "https://" + endpoint));
            } catch (IllegalArgumentException e) {
                throw new UserError("The s3 endpoint '" + endpoint + "' is not a valid URL");
            }
        } else {
            builder.crossRegionAccessEnabled(true);
        }
        return builder.build();
    }

    /** {@code region:}, else AWS_REGION / AWS_DEFAULT_REGION, else us-east-1 for a custom endpoint, else the SDK's chain. */
    private Region region() {
        for (String configured : new String[] {spec.region(), env("AWS_REGION"), env("AWS_DEFAULT_REGION")}) {
            if (configured != null && !configured.isBlank()) {
                return Region.of(configured.trim());
            }
        }
        if (spec.endpoint() != null && !spec.endpoint().isBlank()) {
            return Region.US_EAST_1;
        }
        try {
            return new DefaultAwsRegionProviderChain().getRegion();
        } catch (SdkClientException e) {
            return Region.US_EAST_1;
        }
    }

    private AwsCredentialsProvider credentials() {
        if (spec.serverId() != null && !spec.serverId().isBlank()) {
            Optional<Credentials.UsernamePassword> server = ctx.credentials().server(spec.serverId());
            if (server.isEmpty() || server.get().username() == null || server.get().password() == null) {
                throw new UserError("settings.xml has no server '" + spec.serverId() + "' with a username (the AWS "
                        + "access key id) and a password (the secret key), as the s3 source's serverId says");
            }
            Redactor.registerSecret(server.get().password());
            credentialsOrigin = "the settings.xml server '" + spec.serverId() + "'";
            return StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(server.get().username(), server.get().password()));
        }
        String keyId = env("AWS_ACCESS_KEY_ID");
        String secret = env("AWS_SECRET_ACCESS_KEY");
        if (keyId != null && secret != null) {
            String token = env("AWS_SESSION_TOKEN");
            Redactor.registerSecret(secret);
            Redactor.registerSecret(token);
            credentialsOrigin = "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY";
            return StaticCredentialsProvider.create(token == null ? AwsBasicCredentials.create(keyId, secret)
                    : AwsSessionCredentials.create(keyId, secret, token));
        }
        DefaultCredentialsProvider.Builder chain = DefaultCredentialsProvider.builder();
        if (env("AWS_PROFILE") != null) {
            chain.profileName(env("AWS_PROFILE"));
        }
        AwsCredentialsProvider resolved = chain.build();
        return () -> {
            AwsCredentials credentials = resolved.resolveCredentials();
            Redactor.registerSecret(credentials.secretAccessKey());
            if (credentials instanceof AwsSessionCredentials session) {
                Redactor.registerSecret(session.sessionToken());
            }
            return credentials;
        };
    }

    private String env(String name) {
        String value = ctx.environment() == null ? null : ctx.environment().get(name);
        return value == null || value.isBlank() ? null : value;
    }
}
