package dev.dbrestore.source.s3;

import dev.dbrestore.config.SourceSpec;
import dev.dbrestore.source.Backup;
import dev.dbrestore.source.BackupSource;
import dev.dbrestore.source.Credentials;
import dev.dbrestore.source.DumpInput;
import dev.dbrestore.source.SourceContext;
import dev.dbrestore.source.http.HeadStream;
import dev.dbrestore.source.http.ResumableStream;
import dev.dbrestore.support.Fault;
import dev.dbrestore.support.Redactor;
import dev.dbrestore.support.UserError;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.FilterInputStream;
import java.io.IOException;
import java.util.Comparator;
import java.util.List;
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
    private final S3Access access;

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
        this.access = new S3Access(spec, ctx, "s3:ListBucket and s3:GetObject");
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

    /** The object's first bytes in ranged GetObjects of growing windows, each conditional on the listed ETag. */
    @Override
    public DumpInput openHead(Backup backup) {
        return DumpInput.of(new HeadStream((from, length) -> window(backup, from, length), backup.size()));
    }

    @Override
    public String timeMeaning() {
        return "S3's LastModified";
    }

    private HeadStream.Window window(Backup backup, long from, long length) throws IOException {
        GetObjectRequest.Builder request = GetObjectRequest.builder().bucket(spec.bucket()).key(backup.id())
                .range("bytes=" + from + "-" + (from + length - 1));
        if (backup.version() != null) {
            request.ifMatch(backup.version());
        }
        try {
            ResponseInputStream<GetObjectResponse> body = s3().getObject(request.build());
            boolean ranged = body.response().contentRange() != null;
            return new HeadStream.Window(new Abortable(body), ranged ? from : 0, !ranged);
        } catch (S3Exception e) {
            if (e.statusCode() == 416) {
                return null;
            }
            if (e.statusCode() == 412) {
                throw new Fault("The backup " + url(backup.id()) + " was replaced after it was listed (its ETag is no "
                        + "longer " + backup.version() + "). Run again to take the new one.");
            }
            throw translate(e, url(backup.id()));
        } catch (SdkClientException e) {
            if (isMissingCredentials(e)) {
                throw translate(e, url(backup.id()));
            }
            throw new IOException(e.getMessage(), e);
        }
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
        return access.call(what, call);
    }

    private RuntimeException translate(SdkException e, String what) {
        return access.translate(e, what);
    }

    private static boolean isMissingCredentials(SdkException e) {
        return S3Access.isMissingCredentials(e);
    }

    private static String detail(SdkException e) {
        return S3Access.detail(e);
    }

    private String url(String key) {
        return access.url(key);
    }

    private S3Client s3() {
        return access.client();
    }
}
