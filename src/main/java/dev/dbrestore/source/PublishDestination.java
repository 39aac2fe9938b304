package dev.dbrestore.source;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;

/**
 * Where the {@code publish} goal writes sanitized dumps: a folder or an S3 prefix. A dump is written
 * as a stream of unknown length into an {@link Upload}; nothing appears under its name until
 * {@link Upload#commit()}, and closing an upload that was not committed removes every trace of it.
 */
public interface PublishDestination extends Closeable {

    /** For logs, e.g. {@code s3://acme-sanitized/prod/} or {@code file:/srv/dumps/acme}. */
    String describe();

    /** The names (relative to the folder or prefix) of the objects or files there now, excluding unfinished ones. */
    List<String> names() throws IOException;

    /** The whole content of a small object or file (a manifest). */
    byte[] read(String name) throws IOException;

    /** Starts writing {@code name}; {@code metadata} goes onto the object where the destination keeps metadata. */
    Upload create(String name, Map<String, String> metadata) throws IOException;

    /** Removes {@code name}; a missing one is no error. */
    void delete(String name) throws IOException;

    /** Writes a small object or file at once, atomically. */
    default void put(String name, byte[] content, Map<String, String> metadata) throws IOException {
        try (Upload upload = create(name, metadata)) {
            upload.stream().write(content);
            upload.commit();
        }
    }

    /** One object or file being written. */
    interface Upload extends Closeable {
        OutputStream stream();

        /** Makes the written bytes visible under the name. */
        void commit() throws IOException;

        /** Without a commit before: aborts, leaving nothing (no object, no part file, no multipart upload). */
        @Override
        void close() throws IOException;
    }
}
