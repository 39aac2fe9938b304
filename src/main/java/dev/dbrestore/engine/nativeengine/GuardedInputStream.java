package dev.dbrestore.engine.nativeengine;

import dev.dbrestore.support.DbRestoreException;
import dev.dbrestore.support.UserError;

import java.io.IOException;
import java.io.InputStream;
import java.util.function.Supplier;

/**
 * Turns a decoder's IOException (damaged zlib/LZ4/zstd data, a stream ending inside a compressed
 * block) into a {@link UserError} that says which entry of which dump is damaged and where. The
 * JDBC driver then aborts the COPY and the message reaches the user unchanged.
 */
final class GuardedInputStream extends InputStream {
    private final InputStream in;
    private final Supplier<String> where;

    /** @param where e.g. "acme.dump: the data of TOC entry 3877 (TABLE DATA public.auth_user) near byte 12345" */
    GuardedInputStream(InputStream in, Supplier<String> where) {
        this.in = in;
        this.where = where;
    }

    @Override
    public int read() {
        try {
            return in.read();
        } catch (IOException e) {
            throw damaged(e);
        } catch (DbRestoreException e) {
            throw e;
        } catch (RuntimeException e) {
            throw damaged(e); // aircompressor reports bad zstd data as MalformedInputException
        }
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
        try {
            return in.read(buffer, offset, length);
        } catch (IOException e) {
            throw damaged(e);
        } catch (DbRestoreException e) {
            throw e;
        } catch (RuntimeException e) {
            throw damaged(e);
        }
    }

    /** Reads what is left, so that decoders reach their trailing checksum. */
    void drain() {
        byte[] buffer = new byte[64 * 1024];
        while (read(buffer, 0, buffer.length) >= 0) {
            // discard
        }
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException e) {
            throw damaged(e);
        }
    }

    private UserError damaged(Exception e) {
        return new UserError("Corrupt dump: " + where.get() + " cannot be decompressed (" + e.getMessage()
                + "). Download the backup again or check that the file is complete.", e);
    }
}
