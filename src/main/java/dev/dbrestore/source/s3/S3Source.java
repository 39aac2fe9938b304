package dev.dbrestore.source.s3;

import dev.dbrestore.config.SourceSpec;
import dev.dbrestore.source.Backup;
import dev.dbrestore.source.BackupSource;
import dev.dbrestore.source.Credentials;
import dev.dbrestore.source.DumpInput;
import dev.dbrestore.source.SourceContext;
import dev.dbrestore.source.http.ResumableStream;
import dev.dbrestore.support.Fault;
import dev.dbrestore.support.Redactor;
import dev.dbrestore.support.UserError;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.FilterInputStream;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Dumps in an S3 bucket or an S3-compatible store (MinIO, Ceph, R2, s3proxy, via {@code endpoint}
 * and {@code pathStyle}): one object ({@code key}), or the newest object by LastModified under
 * {@code prefix} whose key after the prefix matches {@code glob}, listing past 1,000 keys.
 *
 * <p>Credentials, in this order: the {@code settings.xml} server named by {@code serverId} (user
 * name = access key id, password = secret key); {@code AWS_ACCESS_KEY_ID} and
 * {@code AWS_SECRET_ACCESS_KEY} (with {@code AWS_SESSION_TOKEN}) in the environment, which is what
 * {@code aws-vault exec} sets; else the AWS SDK's default chain (profiles with
 * {@code AWS_PROFILE}, SSO, container and instance roles). Every secret is registered with the
 * {@link Redactor}.
 *
 * <p>The object streams through a {@link ResumableStream}: a dropped connection continues with a
 * ranged GetObject conditional on the first response's ETag, so a replaced object fails clearly.
 */
public final class S3Source implements BackupSource {
    private final SourceSpec.S3 spec;
    private final String prefix;
    private final KeyGlob glob;
    private final SourceContext ctx;
    private S3Client s3;
    private String credentialsOrigin = "the AWS default credential chain";

    public S3Source(SourceSpec.S3 spec, SourceContext ctx) {
        if (spec.bucket() == null || spec.bucket().isBlank()) {
            throw new UserError("The s3 source needs a bucket, e.g. s3: { bucket: acme-backups, prefix: prod/ }");
        }
        if (spec.key() != null && (spec.prefix() != null || spec.glob() != null)) {
            throw new UserError("The s3 source takes either key, or prefix with an optional glob, not both");
        }
        this.spec = spec;
        this.prefix = spec.prefix() == null ? "" : spec.prefix();
        this.glob = spec.glob() == null || spec.glob().isBlank() ? null : new KeyGlob(spec.glob().trim());
        this.ctx = ctx;
    }

    @Override
    public String describe() {
        return spec.describe();
    }

    @Override
    public String app() {
        return spec.bucket();
    }

    /** The object named by {@code key}, or every matching object under the prefix, newest first. */
    @Override
    public List<Backup> list() {
        if (spec.key() != null) {
            HeadObjectResponse head = call(url(spec.key()),
                    () -> s3().headObject(b -> b.bucket(spec.bucket()).key(spec.key())));
            return List.of(new Backup(spec.key(), head.lastModified(), head.contentLength(), "available", url(spec.key()),
                    head.eTag()));
        }
        return call(url(prefix), () -> s3().listObjectsV2Paginator(b -> b.bucket(spec.bucket()).prefix(prefix))
                .contents().stream()
                .filter(object -> !object.key().endsWith("/"))
                .filter(object -> glob == null || glob.matches(object.key().substring(prefix.length())))
                .sorted(Comparator.comparing(S3Object::lastModified).thenComparing(S3Object::key).reversed())
                .map(object -> new Backup(object.key(), object.lastModified(), object.size(), "available", url(object.key()),
                        object.eTag()))
                .toList());
    }

    /** The requested object (its full key, or its key after the prefix), else the newest one. */
    @Override
    public Backup pick(String requestedId) {
        List<Backup> all = list();
        if (requestedId != null && !requestedId.isBlank()) {
            String wanted = requestedId.trim();
            return all.stream().filter(b -> b.id().equals(wanted) || b.id().equals(prefix + wanted)).findFirst()
                    .orElseThrow(() -> new UserError("No object '" + wanted + "' in " + describe()
                            + (all.isEmpty() ? "" : "; the newest is " + all.get(0).id())));
        }
        return all.stream().findFirst().orElseThrow(() -> new UserError("No objects in " + url(prefix)
                + (glob == null ? "" : " match " + glob) + ". Check bucket, prefix and glob."));
    }

    @Override
    public DumpInput open(Backup backup) throws IOException {
        return DumpInput.of(ResumableStream.open(new ObjectOpener(backup.id(), backup.version()), ctx.retry(), url(backup.id()),
                ctx.progress()));
    }

    /** Reads one object from an offset; every request must find the listed ETag (or the first request's). */
    private final class ObjectOpener implements ResumableStream.Opener {
        private final String key;
        private final boolean listed;
        private String etag;

        ObjectOpener(String key, String listedEtag) {
            this.key = key;
            this.etag = listedEtag;
            this.listed = listedEtag != null;
        }

        @Override
        public ResumableStream.Part open(long offset) throws IOException {
            GetObjectRequest.Builder request = GetObjectRequest.builder().bucket(spec.bucket()).key(key);
            if (offset > 0) {
                request.range("bytes=" + offset + "-");
            }
            if (etag != null) {
                request.ifMatch(etag);
            }
            ResponseInputStream<GetObjectResponse> body;
            try {
                body = s3().getObject(request.build());
            } catch (S3Exception e) {
                if (e.statusCode() == 412) {
                    throw new Fault("The backup " + url(key) + (offset == 0 && listed ? " was replaced after it was listed"
                            : " changed while it was downloading") + " (its ETag is no longer " + etag
                            + "). Run the restore again to take the new one.");
                }
                if (e.statusCode() >= 500 || e.statusCode() == 429) {
                    throw new IOException(detail(e), e);
                }
                throw translate(e, url(key));
            } catch (SdkClientException e) {
                if (isMissingCredentials(e)) {
                    throw translate(e, url(key));
                }
                throw new IOException(e.getMessage(), e);
            }
            GetObjectResponse response = body.response();
            if (etag == null) {
                etag = response.eTag();
            }
            return new ResumableStream.Part(new Abortable(body), totalLength(response, offset), response.eTag());
        }
    }

    private static Long totalLength(GetObjectResponse response, long offset) {
        String range = response.contentRange();
        if (range != null && range.lastIndexOf('/') > 0 && !range.endsWith("*")) {
            return Long.parseLong(range.substring(range.lastIndexOf('/') + 1).trim());
        }
        return response.contentLength() == null ? null : response.contentLength() + offset;
    }

    /** Closing an unfinished body aborts its connection instead of reading the rest of the object. */
    private static final class Abortable extends FilterInputStream {
        private final ResponseInputStream<?> response;

        Abortable(ResponseInputStream<?> response) {
            super(response);
            this.response = response;
        }

        @Override
        public void close() throws IOException {
            response.abort();
            super.close();
        }
    }

    private <T> T call(String what, Supplier<T> call) {
        try {
            return call.get();
        } catch (SdkException e) {
            throw translate(e, what);
        }
    }

    private RuntimeException translate(SdkException e, String what) {
        if (e instanceof NoSuchBucketException) {
            return new UserError("S3 bucket '" + spec.bucket() + "' does not exist" + where()
                    + ". Check the bucket name" + (spec.endpoint() == null ? " and region" : " and endpoint") + ".");
        }
        if (e instanceof NoSuchKeyException || (e instanceof S3Exception s && s.statusCode() == 404)) {
            return new UserError("No object " + what + where() + " (" + detail(e) + ")");
        }
        if (e instanceof S3Exception s && (s.statusCode() == 403 || s.statusCode() == 401)) {
            return new UserError("S3 refused access to " + what + where() + " (" + detail(e) + ") with the credentials from "
                    + credentialsOrigin + ". Check that they are valid and allow s3:ListBucket and s3:GetObject.");
        }
        if (isMissingCredentials(e)) {
            return new UserError("No AWS credentials found for " + describe() + ". Set AWS_ACCESS_KEY_ID and "
                    + "AWS_SECRET_ACCESS_KEY, or AWS_PROFILE, or run through `aws-vault exec PROFILE -- mvn …`, "
                    + "or name a settings.xml server with serverId: in the s3 source.");
        }
        if (e instanceof SdkClientException) {
            return new Fault("Cannot reach S3" + where() + " for " + what + ": " + e.getMessage(), e);
        }
        return new Fault("S3 failed on " + what + where() + ": " + detail(e), e);
    }

    private static boolean isMissingCredentials(SdkException e) {
        return e instanceof SdkClientException && e.getMessage() != null
                && e.getMessage().contains("Unable to load credentials");
    }

    private static String detail(SdkException e) {
        if (e instanceof S3Exception s && s.awsErrorDetails() != null) {
            String code = s.awsErrorDetails().errorCode();
            String message = s.awsErrorDetails().errorMessage();
            return "HTTP " + s.statusCode() + (code == null ? "" : " " + code) + (message == null ? "" : ": " + message);
        }
        return e.getMessage();
    }

    private String url(String key) {
        return "s3://" + spec.bucket() + "/" + key;
    }

    private String where() {
        return spec.endpoint() == null ? "" : " at " + spec.endpoint();
    }

    private S3Client s3() {
        if (s3 == null) {
            s3 = newClient();
        }
        return s3;
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
                throw new UserError("The s3 source's endpoint '" + endpoint + "' is not a valid URL");
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
