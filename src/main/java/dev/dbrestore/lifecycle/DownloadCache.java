package dev.dbrestore.lifecycle;

import dev.dbrestore.config.RunOptions;
import dev.dbrestore.source.Backup;
import dev.dbrestore.support.Bytes;
import dev.dbrestore.support.Json;
import dev.dbrestore.support.Sha256;
import dev.dbrestore.support.UserError;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The download cache ({@code cache: download}): dumps kept on the local disk, one
 * {@code <key>.dump} with a {@code <key>.json} beside it (source, backup, size, sha256), keyed by
 * source and backup. A dump is written to a {@code .part} file while the restore streams it and
 * renamed only when complete, so a crash never leaves a half dump that looks whole. The total
 * size is capped; the least recently used dumps go first. The dumps are raw production data: the
 * folder is created 0700 and every file 0600 ({@link PrivateFiles}).
 */
public final class DownloadCache {
    /** Default cap of the cache's total size. */
    public static final long DEFAULT_MAX_BYTES = 10L * 1024 * 1024 * 1024;
    /** Unfinished or orphaned files younger than this may belong to a run in progress. */
    static final Duration ABANDONED_AFTER = Duration.ofHours(1);

    private static final Pattern SIZE = Pattern.compile("^\\s*(\\d+(?:\\.\\d+)?)\\s*([kmgt]?)i?b?\\s*$");

    private final Path dir;
    private final long maxBytes;
    private final Clock clock;

    /** What the {@code .json} beside a dump says about it. */
    public record Meta(String source, String backupId, String backupTime, long size, String sha256, String cachedAt) {
    }

    /** One complete cached dump. */
    public record Entry(String key, Path dump, Meta meta, Instant lastUsed) {
    }

    /** What a trim removed (or, in a dry run, would remove). */
    public record Trim(List<String> removed, long freedBytes) {
    }

    public DownloadCache(Path dir, long maxBytes, Clock clock) {
        this.dir = dir;
        this.maxBytes = maxBytes;
        this.clock = clock;
    }

    /**
     * The cache the options describe: {@code cacheDir} (default {@code ~/.cache/dbrestore}) and
     * {@code cacheMaxSize} in bytes (default 10 GB).
     */
    public static DownloadCache of(RunOptions options) {
        Path dir = options.cacheDir() != null ? options.cacheDir()
                : Path.of(System.getProperty("user.home"), ".cache", "dbrestore");
        long max = options.cacheMaxSize() != null ? options.cacheMaxSize() : DEFAULT_MAX_BYTES;
        return new DownloadCache(dir, max, Clock.systemUTC());
    }

    /** {@code 10g}, {@code 10GB}, {@code 512m}, {@code 1.5g}, or plain bytes. */
    public static long parseSize(String text) {
        Matcher m = SIZE.matcher(text.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new UserError("-Ddbrestore.cacheMaxSize must be a size like 10g, 512m or 2000000000; got '" + text + "'");
        }
        int shift = switch (m.group(2)) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            case "t" -> 40;
            default -> 0;
        };
        return (long) (Double.parseDouble(m.group(1)) * (1L << shift));
    }

    public Path dir() {
        return dir;
    }

    public long maxBytes() {
        return maxBytes;
    }

    /** Source and backup (id, date, size) in 32 hex characters: the same backup id with other bytes is another key. */
    static String key(String source, Backup backup) {
        return sha256Hex(String.join("\n", source, backup.id(), String.valueOf(backup.createdAt()),
                String.valueOf(backup.size()))).substring(0, 32);
    }

    /**
     * The complete cached dump of {@code backup}, if there is one whose size matches what was
     * recorded (and what the source says); a mismatching entry is deleted. Its sha256 is checked
     * while it is read ({@link CachingSource}).
     */
    public Optional<Entry> lookup(String source, Backup backup) {
        String key = key(source, backup);
        Optional<Entry> entry = read(key);
        if (entry.isEmpty()) {
            return Optional.empty();
        }
        Meta meta = entry.get().meta();
        try {
            boolean sizeOk = Files.size(entry.get().dump()) == meta.size()
                    && (backup.size() == null || backup.size() == meta.size());
            if (!sizeOk) {
                delete(key);
                return Optional.empty();
            }
            Files.setLastModifiedTime(entry.get().dump(), FileTime.from(clock.instant()));
        } catch (IOException e) {
            return Optional.empty();
        }
        return entry;
    }

    /** Every complete entry, least recently used first. */
    public List<Entry> entries() {
        List<Entry> out = new ArrayList<>();
        for (Path json : list("*.json")) {
            String name = json.getFileName().toString();
            read(name.substring(0, name.length() - ".json".length())).ifPresent(out::add);
        }
        out.sort(Comparator.comparing(Entry::lastUsed));
        return out;
    }

    public long totalBytes() {
        return entries().stream().mapToLong(e -> e.meta().size()).sum();
    }

    /**
     * Removes the least recently used dumps until the total fits the cap, and files left by runs
     * that died (an unfinished {@code .part}, a dump without its {@code .json}) once they are an
     * hour old. In a dry run only reports.
     */
    public Trim trim(boolean dryRun) {
        List<String> removed = new ArrayList<>();
        long freed = 0;
        Instant abandoned = clock.instant().minus(ABANDONED_AFTER);
        for (Path p : list("*")) {
            String name = p.getFileName().toString();
            boolean unfinished = name.endsWith(".part") || name.endsWith(".json.tmp")
                    || name.endsWith(".dump") && !Files.exists(sibling(p, ".json"))
                    || name.endsWith(".json") && !Files.exists(sibling(p, ".dump"));
            if (unfinished && modified(p).isBefore(abandoned)) {
                long size = sizeOf(p);
                removed.add(name + " (unfinished, " + Bytes.format(size) + ")");
                freed += size;
                if (!dryRun) {
                    deleteQuietly(p);
                }
            }
        }
        List<Entry> entries = entries();
        long total = entries.stream().mapToLong(e -> e.meta().size()).sum();
        for (Entry e : entries) {
            if (total <= maxBytes) {
                break;
            }
            removed.add(e.dump().getFileName() + " (" + e.meta().backupId() + ", "
                    + Bytes.format(e.meta().size()) + ")");
            freed += e.meta().size();
            total -= e.meta().size();
            if (!dryRun) {
                delete(e.key());
            }
        }
        return new Trim(removed, freed);
    }

    /** Starts writing the dump of {@code backup}; see {@link Writer}. */
    Writer begin(String source, Backup backup) throws IOException {
        PrivateFiles.createDirectories(dir);
        String key = key(source, backup);
        return new Writer(key, dir.resolve(key + "." + UUID.randomUUID().toString().substring(0, 8) + ".part"),
                source, backup);
    }

    /**
     * One dump being written while the restore reads it. Write failures (a full disk) do not fail
     * the restore: the writer gives up, deletes its file and says so once.
     */
    final class Writer {
        private final String key;
        private final Path part;
        private final String source;
        private final Backup backup;
        private final MessageDigest digest = Sha256.newDigest();
        private OutputStream out;
        private long size;
        private IOException failure;

        private Writer(String key, Path part, String source, Backup backup) throws IOException {
            this.key = key;
            this.part = part;
            this.source = source;
            this.backup = backup;
            this.out = new BufferedOutputStream(Files.newOutputStream(PrivateFiles.createFile(part)), 1 << 16);
        }

        void write(byte[] b, int off, int len) {
            if (failure != null) {
                return;
            }
            try {
                out.write(b, off, len);
                digest.update(b, off, len);
                size += len;
                if (size > maxBytes) {
                    throw new IOException("the dump is larger than the download cache's limit of "
                            + Bytes.format(maxBytes) + " (-Ddbrestore.cacheMaxSize)");
                }
            } catch (IOException e) {
                failure = e;
                abort();
            }
        }

        /** Why the dump could not be kept, or null. */
        IOException failure() {
            return failure;
        }

        /** Makes the complete dump an entry, then trims the cache to its cap; returns the entry's file. */
        Path commit() throws IOException {
            if (failure != null) {
                throw failure;
            }
            out.close();
            out = null;
            if (backup.size() != null && backup.size() != size) {
                abort();
                throw new IOException("received " + size + " bytes but the source announced " + backup.size());
            }
            Meta meta = new Meta(source, backup.id(), String.valueOf(backup.createdAt()), size,
                    HexFormat.of().formatHex(digest.digest()), clock.instant().toString());
            Path dump = dir.resolve(key + ".dump");
            Files.move(part, dump, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            Path tmp = dir.resolve(key + "." + UUID.randomUUID().toString().substring(0, 8) + ".json.tmp");
            Files.writeString(PrivateFiles.createFile(tmp), Json.writePretty(meta), StandardCharsets.UTF_8);
            Files.move(tmp, dir.resolve(key + ".json"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            trim(false);
            return dump;
        }

        /** Deletes the unfinished file; safe to call more than once. */
        void abort() {
            if (out != null) {
                try {
                    out.close();
                } catch (IOException ignored) {
                    // the file is deleted next
                }
                out = null;
            }
            deleteQuietly(part);
        }
    }

    // ---- files ---------------------------------------------------------------------------------

    private Optional<Entry> read(String key) {
        Path json = dir.resolve(key + ".json");
        Path dump = dir.resolve(key + ".dump");
        if (!Files.isRegularFile(json) || !Files.isRegularFile(dump)) {
            return Optional.empty();
        }
        try {
            Meta meta = Json.MAPPER.readValue(Files.readString(json, StandardCharsets.UTF_8), Meta.class);
            return Optional.of(new Entry(key, dump, meta, modified(dump)));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    void delete(String key) {
        deleteQuietly(dir.resolve(key + ".json"));
        deleteQuietly(dir.resolve(key + ".dump"));
    }

    private List<Path> list(String glob) {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, glob)) {
            files.forEach(out::add);
        } catch (IOException e) {
            // an unreadable cache folder holds nothing we can use
        }
        return out;
    }

    private static Path sibling(Path p, String extension) {
        String name = p.getFileName().toString();
        return p.resolveSibling(name.substring(0, name.lastIndexOf('.')) + extension);
    }

    private static Instant modified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toInstant();
        } catch (IOException e) {
            return Instant.EPOCH;
        }
    }

    private static long sizeOf(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return 0;
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // a file we cannot delete is left for the next trim
        }
    }

    private static String sha256Hex(String text) {
        return Sha256.hexOf(text);
    }
}
