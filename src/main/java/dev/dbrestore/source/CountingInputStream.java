package dev.dbrestore.source;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Passes bytes through unchanged and tells a {@link TransferProgress} how many went by; finishes it at the end. */
public final class CountingInputStream extends FilterInputStream {
    private final TransferProgress progress;

    public CountingInputStream(InputStream in, TransferProgress progress) {
        super(in);
        this.progress = progress;
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b < 0) {
            progress.finish();
        } else {
            progress.add(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = in.read(buffer, offset, length);
        if (n < 0) {
            progress.finish();
        } else {
            progress.add(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = in.skip(n);
        progress.add(skipped);
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }
}
