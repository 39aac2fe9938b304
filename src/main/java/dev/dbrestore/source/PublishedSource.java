package dev.dbrestore.source;

import dev.dbrestore.support.Progress;
import dev.dbrestore.support.Sha256;
import dev.dbrestore.support.UserError;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A source (an S3 prefix, a folder) as the developer side of {@code publish} reads it. Where the
 * source holds {@code .manifest.json} files it offers only the dumps that have one, dated by the
 * <em>original</em> backup's time from the manifest (not the upload time), and checks each dump's
 * size and SHA-256 against its manifest while it streams: a mismatch fails the restore, which then
 * leaves nothing. A source without manifests is passed through unchanged.
 */
public final class PublishedSource implements BackupSource {
    private final BackupSource inner;
    private final Progress log;
    private final Map<String, PublishedManifest> manifests = new HashMap<>();

    public PublishedSource(BackupSource inner, Progress log) {
        this.inner = inner;
        this.log = log;
    }

    @Override
    public String describe() {
        return inner.describe();
    }

    @Override
    public String app() {
        return inner.app();
    }

    @Override
    public List<Backup> list() throws IOException {
        List<Backup> all = inner.list();
        Map<String, Backup> byId = all.stream().collect(Collectors.toMap(Backup::id, b -> b, (a, b) -> a));
        Set<String> manifestIds = byId.keySet().stream()
                .filter(id -> id.endsWith(PublishedManifest.MANIFEST_SUFFIX)).collect(Collectors.toSet());
        if (manifestIds.isEmpty()) {
            return all;
        }
        List<Backup> out = new ArrayList<>();
        for (Backup dump : all) {
            if (!dump.id().endsWith(PublishedManifest.DUMP_SUFFIX)) {
                continue;
            }
            Backup manifestFile = byId.get(PublishedManifest.manifestNameOf(dump.id()));
            if (manifestFile == null) {
                continue; // not (or not completely) published
            }
            PublishedManifest manifest = read(manifestFile);
            manifests.put(dump.id(), manifest);
            out.add(new Backup(dump.id(), manifest.backupInstant(), manifest.size(), dump.status(), dump.location(),
                    dump.version()));
        }
        out.sort(Comparator.comparing(Backup::createdAt).thenComparing(Backup::id).reversed());
        return out;
    }

    /** Without manifests, the source's own choice; with them, the requested or newest published dump. */
    @Override
    public Backup pick(String requestedId) throws IOException {
        List<Backup> published = list();
        if (manifests.isEmpty()) {
            return inner.pick(requestedId);
        }
        if (requestedId == null || requestedId.isBlank()) {
            return published.get(0);
        }
        String wanted = requestedId.trim();
        return published.stream().filter(b -> b.id().equals(wanted) || b.id().endsWith("/" + wanted)).findFirst()
                .orElseThrow(() -> new UserError("No published dump '" + wanted + "' in " + describe()
                        + "; the newest is " + published.get(0).id()));
    }

    @Override
    public Optional<String> publishedSanitizeHash(Backup backup) {
        return Optional.ofNullable(manifests.get(backup.id())).map(PublishedManifest::sanitizeHash);
    }

    @Override
    public DumpInput open(Backup backup) throws IOException {
        PublishedManifest manifest = manifests.get(backup.id());
        DumpInput input = inner.open(backup);
        if (manifest == null) {
            return input;
        }
        log.info("Published dump: backup " + manifest.backupId() + " of " + manifest.source() + ", taken "
                + manifest.backupTime() + ", sanitized (hash " + manifest.sanitizeHash() + "); checking its size and "
                + "SHA-256 against " + manifest.manifestName() + " while it streams");
        return new Verified(input, manifest, backup.location(), log);
    }

    /** The head as the source reads it (a published dump's header holds the publish run's time, not the backup's). */
    @Override
    public DumpInput openHead(Backup backup) throws IOException {
        return inner.openHead(backup);
    }

    @Override
    public String timeMeaning() {
        return manifests.isEmpty() ? inner.timeMeaning() : "the backup time in the published dump's manifest";
    }

    private PublishedManifest read(Backup manifestFile) throws IOException {
        try (DumpInput in = inner.open(manifestFile)) {
            return PublishedManifest.parse(in.stream().readNBytes(1 << 20), manifestFile.location());
        }
    }

    /** The dump's bytes, counted and hashed as they pass; {@link #finish()} reads the rest and compares. */
    private static final class Verified implements DumpInput {
        private final DumpInput input;
        private final PublishedManifest manifest;
        private final String where;
        private final Progress log;
        private final MessageDigest sha256;
        private Counting stream;

        Verified(DumpInput input, PublishedManifest manifest, String where, Progress log) {
            this.input = input;
            this.log = log;
            this.manifest = manifest;
            this.where = where;
            this.sha256 = Sha256.newDigest();
        }

        @Override
        public InputStream stream() throws IOException {
            if (stream == null) {
                stream = new Counting(input.stream());
            }
            return stream;
        }

        @Override
        public Path directory() {
            return null;
        }

        @Override
        public void finish() throws IOException {
            Counting s = (Counting) stream();
            byte[] rest = new byte[1 << 16];
            while (s.read(rest) > 0) {
                // the engine may stop before the archive's last bytes; the checksum covers all of them
            }
            input.finish();
            String actual = java.util.HexFormat.of().formatHex(sha256.digest());
            if (s.count != manifest.size() || !actual.equals(manifest.sha256())) {
                throw mismatch(s.count, actual);
            }
            log.info("Checked: " + s.count + " bytes, SHA-256 " + actual + " as " + manifest.manifestName() + " says");
        }

        private UserError mismatch(long size, String actual) {
            return new UserError("The published dump " + where + " does not match its manifest " + manifest.manifestName()
                    + ": " + size + " bytes with SHA-256 " + actual + ", the manifest says " + manifest.size()
                    + " bytes with SHA-256 " + manifest.sha256() + ". It was altered or damaged: nothing was kept. "
                    + "Publish it again, or pick another with -Ddbrestore.backup.");
        }

        @Override
        public void close() throws IOException {
            input.close();
        }

        private final class Counting extends FilterInputStream {
            private long count;

            Counting(InputStream in) {
                super(in);
            }

            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    sha256.update((byte) b);
                    added(1);
                }
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                if (n > 0) {
                    sha256.update(b, off, n);
                    added(n);
                }
                return n;
            }

            @Override
            public long skip(long n) throws IOException {
                byte[] buf = new byte[(int) Math.min(n, 1 << 16)];
                int read = read(buf, 0, buf.length);
                return Math.max(read, 0);
            }

            /** The engine is done with the stream; the rest stays readable for {@link #finish()}, and {@link Verified#close()} closes it. */
            @Override
            public void close() {
            }

            @Override
            public boolean markSupported() {
                return false;
            }

            private void added(int n) {
                count += n;
                if (count > manifest.size()) {
                    throw mismatch(count, "(not computed: longer than the manifest says)");
                }
            }
        }
    }
}
