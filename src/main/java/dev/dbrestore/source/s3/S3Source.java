package dev.dbrestore.source.s3;

import dev.dbrestore.config.SourceSpec;
import dev.dbrestore.source.Backup;
import dev.dbrestore.source.BackupSource;
import dev.dbrestore.source.Downloads;
import dev.dbrestore.source.DumpInput;
import dev.dbrestore.source.Glob;
import dev.dbrestore.source.ResumableInputStream;
import dev.dbrestore.source.SourceContext;
import dev.dbrestore.source.UsernamePassword;
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
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Dumps in an S3 bucket or an S3-compatible store (MinIO, Ceph, R2, s3proxy: {@code endpoint} and
 * {@code pathStyle}). Either one object ({@code key}), or the newest object by LastModified under
 * {@code prefix} whose key after the prefix matches {@code glob}, listing past 1,000 keys.
 * Credentials come from the AWS SDK's default chain (environment, so {@code aws-vault exec} works;
 * profiles; SSO; container and instance roles), or from the {@code settings.xml} server named by
 * {@code serverId} (user name = access key id, password = secret key). The object streams with
 * ranged GetObject requests to resume, each conditional on the first response's ETag.
 */
public final class S3Source implements BackupSource {
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+|\\*)");

    private final SourceSpec.S3 spec;
    private final String prefix;
    private final Glob glob;
    private final SourceContext context;
    private S3Client s3;
    private String credentialsOrigin;

    public S3Source(SourceSpec.S3 spec, SourceContext context) {
        if (spec.bucket() == null || spec.bucket().isBlank()) {
            throw new UserError("The s3 source needs a bucket, e.g. s3: { bucket: acme-backups, prefix: prod/ }");
        }
        if (spec.key() != null && (spec.prefix() != null || spec.glob() != null)) {
            throw new UserError("The s3 source takes either key, or prefix with an optional glob, not both");
        }
        this.spec = spec;
        this.prefix = spec.prefix() == null ? "" : spec.prefix();
        this.glob = spec.glob() == null || spec.glob().isBlank() ? null : Glob.of(spec.glob());
        this.context = context;
    }

    @Override
    public String describe() {
        return spec.describe();
    }

    @Override
    public String app() {
        return spec.bucket();
    }

    @Override
    public List<Backup> list() throws IOException {
        if (spec.key() != null) {
            HeadObjectResponse head = call("s3://" + spec.bucket() + "/" + spec.key(),
                    () -> s3().headObject(b -> b.bucket(spec.bucket()).key(spec.key())));
            return List.of(new Backup(spec.key(), head.lastModified(), head.contentLength(), "available",
                    "s3://" + spec.bucket() + "/" + spec.key()));
        }
        return call(describe(), () -> s3().listObjectsV2Paginator(b -> b.bucket(spec.bucket()).prefix(prefix))
                .contents().stream()
                .filter(object -> !object.key().endsWith("/"))
                .filter(object -> glob == null || glob.matches(object.key().substring(prefix.length())))
                .sorted(Comparator.comparing(S3Object::lastModified).thenComparing(S3Object::key).reversed())
                .map(object -> new Backup(object.key(), object.lastModified(), object.size(), "available",
                        "s3://" + spec.bucket() + "/" + object.key()))
                .toList());
    }

    @Override
    public Backup pick(String requestedId) throws IOException {
        List<Backup> all = list();
        if (requestedId != null && !requestedId.isBlank()) {
            String wanted = requestedId.trim();
            return all.stream().filter(b -> b.id().equals(wanted) || b.id().equals(prefix + wanted)).findFirst()
                    .orElseThrow(() -> new UserError("No object '" + wanted + "' in " + describe()
                            + (all.isEmpty() ? "" : "; the newest is " + all.get(0).id())));
        }
        return all.stream().findFirst().orElseThrow(() -> new UserError("No objects in s3://" + spec.bucket() + "/"
                + prefix + (glob == null ? "" : " match " + glob) + ". Check bucket, prefix and glob."));
    }

    @Override
    public DumpInput open(Backup backup) throws IOException {
        String what = "s3://" + spec.bucket() + "/" + backup.id();
        ResumableInputStream.Opener opener = (offset, first) -> getObject(backup.id(), offset, first, what);
        return Downloads.start(new ResumableInputStream(opener, context.retry(), context.progress(), what), context);
    }

    private ResumableInputStream.Part getObject(String key, long offset, ResumableInputStream.Part first, String what)
            throws IOException {
        GetObjectRequest.Builder request = GetObjectRequest.builder().bucket(spec.bucket()).key(key);
        if (offset > 0) {
            request.range("bytes=" + offset + "-");
            if (first != null && first.version() != null) {
                request.ifMatch(first.version());
            }
        }
        ResponseInputStream<GetObjectResponse> body;
        try {
            body = s3().getObject(request.build());
        } catch (S3Exception e) {
            if (e.statusCode() == 412) {
                throw new Fault("The backup changed while downloading " + what + ": its ETag no longer matches. "
                        + "Run again to restore the new version.");
            }
            if (e.statusCode() >= 500) {
                throw new IOException(detail(e), e);
            }
            throw translate(e, what);
        } catch (SdkClientException e) {
            if (isMissingCredentials(e)) {
                throw translate(e, what);
            }
            throw new IOException(e.getMessage(), e);
        }
        GetObjectResponse response = body.response();
        long start = 0;
        Long total = response.contentLength();
        Matcher range = CONTENT_RANGE.matcher(response.contentRange() == null ? "" : response.contentRange());
        if (range.matches()) {
            start = Long.parseLong(range.group(1));
            total = range.group(3).equals("*") ? null : Long.valueOf(range.group(3));
        }
        return new ResumableInputStream.Part(new Abortable(body), start, total, response.eTag());
    }

    /** Closing an unfinished S3 body aborts its connection instead of reading the rest. */
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

    private interface S3Call<T> {
        T call();
    }

    private <T> T call(String what, S3Call<T> call) {
        try {
            return call.call();
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
            return new UserError("S3 refused access to " + what + where() + " (" + detail(e) + ") for the credentials from "
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
                        .socketTimeout(Duration.ofSeconds(60)))
                .region(region())
                .credentialsProvider(credentials())
                .forcePathStyle(spec.pathStyle())
                // S3-compatible stores often reject the newer default checksums.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        if (spec.endpoint() != null && !spec.endpoint().isBlank()) {
            String endpoint = spec.endpoint().trim();
            builder.endpointOverride(URI.create(endpoint.contains("://") ? endpoint : "https://" + endpoint));
        } else {
            builder.crossRegionAccessEnabled(true);
        }
        return builder.build();
    }

    private Region region() {
        if (spec.region() != null && !spec.region().isBlank()) {
            return Region.of(spec.region().trim());
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
            Optional<UsernamePassword> server = context.credentials().server(spec.serverId());
            if (server.isEmpty() || server.get().username() == null || server.get().password() == null) {
                throw new UserError("settings.xml has no server '" + spec.serverId() + "' with a username (the AWS "
                        + "access key id) and a password (the secret key), which the s3 source's serverId names");
            }
            Redactor.registerSecret(server.get().password());
            credentialsOrigin = "the settings.xml server '" + spec.serverId() + "'";
            return StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(server.get().username(), server.get().password()));
        }
        credentialsOrigin = "the AWS default credential chain";
        AwsCredentialsProvider chain = DefaultCredentialsProvider.builder().build();
        return () -> {
            AwsCredentials resolved = chain.resolveCredentials();
            Redactor.registerSecret(resolved.secretAccessKey());
            if (resolved instanceof AwsSessionCredentials session) {
                Redactor.registerSecret(session.sessionToken());
            }
            return resolved;
        };
    }
}
