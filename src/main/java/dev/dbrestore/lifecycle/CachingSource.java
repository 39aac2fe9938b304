package dev.dbrestore.lifecycle;

import dev.dbrestore.source.Backup;
import dev.dbrestore.source.BackupSource;
import dev.dbrestore.source.DumpInput;
import dev.dbrestore.support.Bytes;
import dev.dbrestore.support.Progress;
import dev.dbrestore.support.Sha256;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * A {@link BackupSource} with a {@link DownloadCache} in front: a backup in the cache is read from
 * the local disk (its sha256 checked as it streams); any other is downloaded as usual and copied
 * into the cache as the restore reads it, with no extra pass over the dump. The source itself
 * knows nothing of this. Directory-format dumps are already local and pass through.
 */
public final class CachingSource implements BackupSource {
    private static final int DRAIN_BUFFER = 1 << 16;

    private final BackupSource source;
    private final DownloadCache cache;
    private final Progress log;
    private final boolean sensitive;
    private boolean toldWhereTheRawDumpLies;

    public CachingSource(BackupSource source, DownloadCache cache, Progress log) {
        this(source, cache, log, false);
    }

    /**
     * @param sensitive the profile is {@code sensitive: true}: once per run (one instance is one
     *                  run) the log says where the raw, unsanitized dump lies on this disk and how
     *                  big it is
     */
    public CachingSource(BackupSource source, DownloadCache cache, Progress log, boolean sensitive) {
        this.source = source;
        this.cache = cache;
        this.log = log;
        this.sensitive = sensitive;
    }

    @Override
    public String describe() {
        return source.describe();
    }

    @Override
    public String app() {
        return source.app();
    }

    @Override
    public Optional<String> publishedSanitizeHash(Backup backup) {
        return source.publishedSanitizeHash(backup);
    }

    @Override
    public List<Backup> list() throws IOException {
        return source.list();
    }

    @Override
    public Backup pick(String requestedId) throws IOException {
        return source.pick(requestedId);
    }

    @Override
    public DumpInput open(Backup backup) throws IOException {
        Optional<DownloadCache.Entry> cached = cache.lookup(describe(), backup);
        if (cached.isPresent()) {
            log.info("Reading " + backup.id() + " from the download cache (" + cached.get().dump() + "), not from "
                    + describe());
            tellWhereTheRawDumpLies(cached.get().dump());
            return new CachedInput(cached.get());
        }
        DumpInput input = source.open(backup);
        if (input.directory() != null) {
            return input;
        }
        return new TeeInput(input, cache.begin(describe(), backup), backup);
    }

    /** A cached dump's head is read from the disk; any other from the source, and not cached. */
    @Override
    public DumpInput openHead(Backup backup) throws IOException {
        Optional<DownloadCache.Entry> cached = cache.lookup(describe(), backup);
        if (cached.isPresent()) {
            return DumpInput.of(new BufferedInputStream(Files.newInputStream(cached.get().dump()), DRAIN_BUFFER));
        }
        return source.openHead(backup);
    }

    @Override
    public String timeMeaning() {
        return source.timeMeaning();
    }

    /** For a sensitive profile, once per run: where the raw, unsanitized dump lies on this disk, and its size. */
    private void tellWhereTheRawDumpLies(Path dump) {
        if (!sensitive || toldWhereTheRawDumpLies) {
            return;
        }
        toldWhereTheRawDumpLies = true;
        long size;
        try {
            size = Files.size(dump);
        } catch (IOException e) {
            size = -1;
        }
        log.warn("The raw, unsanitized dump of this sensitive profile lies at " + dump
                + (size < 0 ? "" : " (" + Bytes.format(size) + ")") + " (cache: download). "
                + "It stays until the cache is trimmed (prune) or you delete it; -Ddbrestore.cache=false keeps none.");
    }

    /** Reads a cached dump, checking its sha256 once the restore has read it all. */
    private final class CachedInput implements DumpInput {
        private final DownloadCache.Entry entry;
        private final DigestInputStream stream;

        CachedInput(DownloadCache.Entry entry) throws IOException {
            this.entry = entry;
            this.stream = new DigestInputStream(new BufferedInputStream(Files.newInputStream(entry.dump()), DRAIN_BUFFER),
                    Sha256.newDigest());
        }

        @Override
        public InputStream stream() {
            return new CloseShield(stream);
        }

        /** The restore may read the cached file at random; {@link #finish()} still checks every byte of it. */
        @Override
        public Path file() {
            return entry.dump();
        }

        @Override
        public void finish() throws IOException {
            drain(stream);
            String actual = HexFormat.of().formatHex(stream.getMessageDigest().digest());
            if (!actual.equals(entry.meta().sha256())) {
                cache.delete(entry.key());
                throw new IOException("the cached dump " + entry.dump() + " is damaged (its sha256 changed); it was "
                        + "deleted: run again to download the backup afresh");
            }
        }

        @Override
        public void close() throws IOException {
            stream.close();
        }
    }

    /** Downloads through the source, copying every byte the restore reads into the cache. */
    private final class TeeInput implements DumpInput {
        private final DumpInput input;
        private final DownloadCache.Writer writer;
        private final Backup backup;
        private TeeStream tee;
        private boolean committed;

        TeeInput(DumpInput input, DownloadCache.Writer writer, Backup backup) {
            this.input = input;
            this.writer = writer;
            this.backup = backup;
        }

        @Override
        public InputStream stream() throws IOException {
            if (tee == null) {
                tee = new TeeStream(input.stream(), writer);
            }
            return new CloseShield(tee);
        }

        /**
         * The restore has read what it needs: read the rest (a restore may stop before trailing
         * bytes), let the source check its end, then keep the complete file.
         */
        @Override
        public void finish() throws IOException {
            drain(stream());
            input.finish();
            try {
                Path kept = writer.commit();
                committed = true;
                log.info("Kept the dump in the download cache: " + kept + " (" + Bytes.format(Files.size(kept)) + ")");
                tellWhereTheRawDumpLies(kept);
            } catch (IOException e) {
                log.warn("Could not keep " + backup.id() + " in the download cache: " + e.getMessage());
            }
        }

        @Override
        public void close() throws IOException {
            try {
                input.close();
            } finally {
                if (!committed) {
                    writer.abort();
                }
            }
        }
    }

    /**
     * What the restore gets: it may close the stream when it has read what it needs, but
     * {@code finish()} still reads the rest (for the cache or the checksum); {@code close()} of
     * the input releases the real stream.
     */
    private static final class CloseShield extends FilterInputStream {
        CloseShield(InputStream in) {
            super(in);
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return in.read(b, off, len);
        }

        @Override
        public void close() {
            // see the class comment
        }
    }

    /** Passes bytes through and hands each one read to the writer. */
    private static final class TeeStream extends FilterInputStream {
        private final DownloadCache.Writer writer;

        TeeStream(InputStream in, DownloadCache.Writer writer) {
            super(in);
            this.writer = writer;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                writer.write(new byte[]{(byte) b}, 0, 1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                writer.write(b, off, n);
            }
            return n;
        }

        /** Skipped bytes must reach the cache too, so they are read, not skipped. */
        @Override
        public long skip(long n) throws IOException {
            byte[] buffer = new byte[(int) Math.min(n, DRAIN_BUFFER)];
            long done = 0;
            while (done < n) {
                int r = read(buffer, 0, (int) Math.min(buffer.length, n - done));
                if (r < 0) {
                    break;
                }
                done += r;
            }
            return done;
        }

        @Override
        public boolean markSupported() {
            return false;
        }

        @Override
        public void mark(int limit) {
            // not supported: re-read bytes would be written twice
        }

        @Override
        public void reset() throws IOException {
            throw new IOException("mark/reset not supported");
        }
    }

    private static void drain(InputStream in) throws IOException {
        byte[] buffer = new byte[DRAIN_BUFFER];
        while (in.read(buffer) >= 0) {
            // reading is the point: the bytes reach the digest or the cache
        }
    }
}
