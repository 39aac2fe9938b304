package dev.dbrestore.lifecycle;

import dev.dbrestore.source.Backup;
import dev.dbrestore.source.BackupSource;
import dev.dbrestore.source.DumpInput;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A "remote" source serving one dump file: it counts how often it is opened (to prove a cache
 * answered instead), records when its stream was first and last read (to prove runs overlapped),
 * and can be slowed down to {@code bytesPerTick} every {@code tickMillis} (so a run can be caught mid-restore).
 */
final class TestSource implements BackupSource {
    final AtomicInteger opens = new AtomicInteger();
    volatile long firstReadNanos;
    volatile long lastReadNanos;
    private final Path file;
    private final Instant createdAt;
    private final Long announcedSize;
    private final int bytesPerTick;
    private final long tickMillis;

    TestSource(Path file, Instant createdAt) throws IOException {
        this(file, createdAt, Files.size(file), 0, 0);
    }

    TestSource(Path file, Instant createdAt, Long announcedSize, int bytesPerTick, long tickMillis) {
        this.file = file;
        this.createdAt = createdAt;
        this.announcedSize = announcedSize;
        this.bytesPerTick = bytesPerTick;
        this.tickMillis = tickMillis;
    }

    @Override
    public String describe() {
        return "url:https://backups.example/" + file.getFileName();
    }

    @Override
    public List<Backup> list() {
        return List.of(new Backup(file.getFileName().toString(), createdAt, announcedSize, "available", describe()));
    }

    @Override
    public DumpInput open(Backup backup) throws IOException {
        opens.incrementAndGet();
        InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        return DumpInput.of(new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (bytesPerTick > 0) {
                    try {
                        Thread.sleep(tickMillis);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new InterruptedIOException();
                    }
                    len = Math.min(len, bytesPerTick);
                }
                int n = super.read(b, off, len);
                if (firstReadNanos == 0) {
                    firstReadNanos = System.nanoTime();
                }
                lastReadNanos = System.nanoTime();
                return n;
            }
        });
    }
}
