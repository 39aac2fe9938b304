package dev.dbrestore.source;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * An opened backup: a forward-only byte stream, or (for a directory-format dump on disk) a path.
 * {@link #finish()} is called after the restore consumed the stream successfully and checks what
 * can only be checked at the end (a command's exit status); {@link #close()} always releases.
 */
public interface DumpInput extends Closeable {
    /** The dump's bytes, or null when {@link #directory()} is set. */
    InputStream stream() throws IOException;

    /** A directory-format dump on the local disk, or null. */
    default Path directory() {
        return null;
    }

    /** A local file holding exactly the bytes of {@link #stream()}, which may also be read at random; or null. */
    default Path file() {
        return null;
    }

    /** Checks that the source delivered everything (e.g. the command's exit code). */
    default void finish() throws IOException {
    }

    static DumpInput of(InputStream in) {
        return new DumpInput() {
            @Override public InputStream stream() { return in; }
            @Override public void close() throws IOException { in.close(); }
        };
    }
}
