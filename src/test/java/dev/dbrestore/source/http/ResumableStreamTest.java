package dev.dbrestore.source.http;

import dev.dbrestore.testing.RecordingProgress;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The download watchdog (issue 15, item 9: it closes a field the reader thread swaps) closes the
 * body the reader is blocked on, also one that a resume swapped in, and never a body the reader
 * is not waiting for: a consumer that is busy elsewhere is not a stalled connection.
 */
class ResumableStreamTest {
    private static final byte[] DATA = "0123456789abcdefghijklmnopqrstuvwxyz".getBytes();

    /** A body that delivers nothing until it is closed, then fails like a reset connection. */
    private static final class StalledBody extends InputStream {
        private final CountDownLatch closed = new CountDownLatch(1);

        @Override
        public int read() throws IOException {
            try {
                closed.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new IOException("connection reset");
        }

        @Override
        public void close() {
            closed.countDown();
        }
    }

    @Test
    @org.junit.jupiter.api.Timeout(20)
    void everyStalledBodyIsClosedAndAnIdleOneNever() throws Exception {
        AtomicInteger opens = new AtomicInteger();
        AtomicInteger goodBodyClosed = new AtomicInteger();
        ResumableStream.Opener opener = offset -> {
            int n = opens.getAndIncrement();
            InputStream body;
            if (n == 0) {
                body = new InputStream() {
                    private final InputStream head = new ByteArrayInputStream(DATA, 0, 10);
                    private final StalledBody then = new StalledBody();

                    @Override
                    public int read() throws IOException {
                        int b = head.read();
                        return b >= 0 ? b : then.read();
                    }

                    @Override
                    public int read(byte[] buf, int off, int len) throws IOException {
                        int r = head.read(buf, off, len);
                        return r > 0 ? r : then.read(buf, off, len);
                    }

                    @Override
                    public void close() {
                        then.close();
                    }
                };
            } else if (n < 3) {
                body = new StalledBody();
            } else {
                body = new ByteArrayInputStream(DATA, (int) offset, DATA.length - (int) offset) {
                    @Override
                    public void close() {
                        goodBodyClosed.incrementAndGet();
                    }
                };
            }
            return new ResumableStream.Part(body, (long) DATA.length, "v1");
        };
        RetryPolicy retry = new RetryPolicy(5, Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(200));

        try (ResumableStream stream = ResumableStream.open(opener, retry, "test.dump", new RecordingProgress())) {
            assertThat(stream.readAllBytes()).isEqualTo(DATA);
            Thread.sleep(500); // the watchdog has run several times while the reader was not reading
            assertThat(goodBodyClosed).hasValue(0);
        }
        assertThat(opens).hasValue(4);
        assertThat(goodBodyClosed).hasValue(1);
    }
}
