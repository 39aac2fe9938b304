package dev.dbrestore.source.s3;

import dev.dbrestore.config.SourceSpec;
import dev.dbrestore.source.PublishDestination;
import dev.dbrestore.source.SourceContext;
import dev.dbrestore.support.Fault;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code publish: { s3: {...} }}: a dump of unknown length goes up as an S3 multipart upload fed from
 * a stream, one part buffered at a time (bounded memory: {@link #PART_SIZE}); the object appears only
 * when the upload completes, and a failure aborts the upload so nothing stays behind.
 */
public final class S3Destination implements PublishDestination {
    /** 16 MiB: 10,000 parts (S3's limit) hold 156 GiB, so a 100 GB dump fits with room to spare. */
    public static final int PART_SIZE = 16 * 1024 * 1024;
    /** S3 allows at most this many parts in one upload. */
    public static final int MAX_PARTS = 10_000;

    private final SourceSpec.S3 spec;
    private final String prefix;
    private final S3Access access;
    private final int partSize;

    public S3Destination(SourceSpec.S3 spec, SourceContext ctx) {
        this(spec, ctx, PART_SIZE);
    }

    /** With a smaller part size for tests (S3 itself wants at least 5 MiB for every part but the last). */
    public S3Destination(SourceSpec.S3 spec, SourceContext ctx, int partSize) {
        this.spec = spec;
        String p = spec.prefix() == null ? "" : spec.prefix();
        this.prefix = p.isEmpty() || p.endsWith("/") ? p : p + "/";
        this.access = new S3Access(spec, ctx, "s3:ListBucket, s3:GetObject, s3:PutObject, s3:DeleteObject and "
                + "s3:AbortMultipartUpload");
        this.partSize = partSize;
    }

    @Override
    public String describe() {
        return access.url(prefix);
    }

    @Override
    public List<String> names() {
        return access.call(access.url(prefix), () -> access.client()
                .listObjectsV2Paginator(b -> b.bucket(spec.bucket()).prefix(prefix)).contents().stream()
                .map(o -> o.key().substring(prefix.length()))
                .filter(name -> !name.isEmpty() && !name.contains("/"))
                .sorted().toList());
    }

    @Override
    public byte[] read(String name) {
        return access.call(access.url(prefix + name), () -> access.client()
                .getObjectAsBytes(b -> b.bucket(spec.bucket()).key(prefix + name)).asByteArray());
    }

    @Override
    public Upload create(String name, Map<String, String> metadata) {
        String key = prefix + name;
        String uploadId = access.call(access.url(key), () -> access.client()
                .createMultipartUpload(b -> b.bucket(spec.bucket()).key(key).metadata(metadata)
                        .contentType("application/octet-stream")).uploadId());
        return new MultipartUpload(key, uploadId);
    }

    @Override
    public void delete(String name) {
        access.call(access.url(prefix + name), () -> access.client()
                .deleteObject(b -> b.bucket(spec.bucket()).key(prefix + name)));
    }

    @Override
    public void close() {
        access.close();
    }

    /** Buffers one part, sends it when full; the last (possibly short) part goes on commit. */
    private final class MultipartUpload implements Upload {
        private final String key;
        private final String uploadId;
        private final List<CompletedPart> parts = new ArrayList<>();
        private final byte[] buffer = new byte[partSize];
        private int filled;
        private boolean done;

        private final OutputStream stream = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                while (len > 0) {
                    int n = Math.min(len, buffer.length - filled);
                    System.arraycopy(b, off, buffer, filled, n);
                    filled += n;
                    off += n;
                    len -= n;
                    if (filled == buffer.length) {
                        sendPart();
                    }
                }
            }
        };

        MultipartUpload(String key, String uploadId) {
            this.key = key;
            this.uploadId = uploadId;
        }

        @Override
        public OutputStream stream() {
            return stream;
        }

        private void sendPart() throws IOException {
            int number = parts.size() + 1;
            int length = filled;
            if (number > MAX_PARTS) {
                throw new IOException("the dump is larger than " + MAX_PARTS + " parts of " + partSize + " bytes");
            }
            try {
                UploadPartResponse response = access.client().uploadPart(b -> b.bucket(spec.bucket()).key(key)
                        .uploadId(uploadId).partNumber(number).contentLength((long) length),
                        // the part is read from the one buffer (no copy), again on each of the SDK's retries
                        RequestBody.fromContentProvider(() -> new ByteArrayInputStream(buffer, 0, length), length,
                                "application/octet-stream"));
                parts.add(CompletedPart.builder().partNumber(number).eTag(response.eTag()).build());
                filled = 0;
            } catch (SdkException e) {
                throw new IOException("Uploading part " + number + " of " + access.url(key) + " failed: "
                        + S3Access.detail(e), e);
            }
        }

        @Override
        public void commit() throws IOException {
            if (filled > 0 || parts.isEmpty()) {
                sendPart();
            }
            access.call(access.url(key), () -> access.client().completeMultipartUpload(b -> b.bucket(spec.bucket())
                    .key(key).uploadId(uploadId).multipartUpload(m -> m.parts(parts))));
            done = true;
        }

        @Override
        public void close() {
            if (done) {
                return;
            }
            done = true;
            try {
                access.client().abortMultipartUpload(b -> b.bucket(spec.bucket()).key(key).uploadId(uploadId));
            } catch (SdkException e) {
                throw new Fault("Could not abort the unfinished upload of " + access.url(key) + " (" + S3Access.detail(e)
                        + "); a bucket lifecycle rule for incomplete multipart uploads removes it", e);
            }
        }
    }
}
