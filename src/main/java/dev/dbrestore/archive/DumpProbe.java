package dev.dbrestore.archive;

import dev.dbrestore.support.Fault;
import dev.dbrestore.support.UserError;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Recognises a dump from its first bytes and, for archives, reads its header and TOC.
 *
 * <p>The stream is read only as far as needed (for custom and tar archives: to the end of the
 * TOC) and every byte read is recorded, so {@link ProbedDump#stream()} replays the dump from its
 * very first byte: it can be piped unchanged into {@code pg_restore} or read again by the native
 * engine, without a temporary file. Table data is never buffered.
 */
public final class DumpProbe {
    /** Enough to see a tar header (512 bytes) or the first words of a script. */
    private static final int PEEK = 512;
    private static final int BUFFER = 64 * 1024;
    private static final List<String> SCRIPT_STARTS = List.of("--", "/*", "\\restrict", "\\connect", "\\c ",
            "\\set", "\\encoding", "set ", "set\t", "create ", "begin", "start transaction", "select ", "copy ",
            "insert ", "alter ", "comment ", "drop ", "grant ", "revoke ");

    private DumpProbe() {
    }

    /** Probes a file (custom, tar, plain, any of these gzipped) or a directory-format dump's folder. */
    public static ProbedDump probe(Path path) {
        if (Files.isDirectory(path)) {
            return probeDirectory(path);
        }
        InputStream in;
        try {
            in = Files.newInputStream(path);
        } catch (NoSuchFileException e) {
            throw new UserError("Dump file " + path + " does not exist.");
        } catch (IOException e) {
            throw new Fault("Could not open dump file " + path + ": " + e.getMessage(), e);
        }
        try {
            return probe(in, path.toString()).readableFrom(path);
        } catch (RuntimeException e) {
            closeQuietly(in);
            throw e;
        }
    }

    /** Probes a stream; the caller closes the returned dump's stream (which closes {@code in}). */
    public static ProbedDump probe(InputStream in) {
        return probe(in, "the dump");
    }

    /** @param label how error messages name the stream, e.g. a file name or backup id */
    public static ProbedDump probe(InputStream raw, String label) {
        RecordingInputStream recorder = new RecordingInputStream(raw);
        BufferedInputStream in = new BufferedInputStream(recorder, BUFFER);
        byte[] first = peek(in, label);
        if (first.length == 0) {
            throw new UserError(label + " is empty: it holds no bytes at all. Check the backup source.");
        }
        if (isGzip(first)) {
            return probeGzipped(recorder.replay(), label);
        }
        if (startsWith(first, "PGDMP")) {
            ArchiveInput archive = new ArchiveInput(in, label, 0);
            ArchiveHeader header = ArchiveReader.readHeader(archive, ArchiveReader.FORMAT_CUSTOM);
            Toc toc = ArchiveReader.readToc(archive, header);
            return new ProbedDump(DumpFormat.CUSTOM, false, header, toc, recorder.replay(), null, label);
        }
        if (TarHeader.looksLikeTar(first)) {
            return probeTar(in, first, recorder, label);
        }
        if (looksLikeScript(first)) {
            return new ProbedDump(DumpFormat.PLAIN, false, null, null, recorder.replay(), null, label);
        }
        throw new UserError(label + " is not a PostgreSQL dump (first bytes: " + describe(first)
                + "). Expected a pg_dump archive (custom, tar or directory format) or an SQL script, "
                + "possibly gzip-compressed.");
    }

    private static final java.util.regex.Pattern DUMPED_FROM =
            java.util.regex.Pattern.compile("(?m)^-- Dumped from database version (\\d+)");

    /**
     * The major version in a plain dump's {@code -- Dumped from database version 17.6} comment, read from
     * the script's first 8 KB; -1 if it has none.
     */
    public static int plainServerMajor(InputStream script) throws IOException {
        byte[] head = script.readNBytes(8192);
        java.util.regex.Matcher m = DUMPED_FROM.matcher(new String(head, java.nio.charset.StandardCharsets.UTF_8));
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }

    private static ProbedDump probeGzipped(InputStream compressed, String label) {
        GZIPInputStream gunzipped;
        try {
            gunzipped = new GZIPInputStream(compressed, BUFFER);
        } catch (ZipException e) {
            throw new UserError(label + " starts like a gzip file but its gzip header is damaged (" + e.getMessage()
                    + "). Download the backup again.");
        } catch (IOException e) {
            throw new UserError(label + " starts like a gzip file but ends inside its gzip header.");
        }
        ProbedDump inner = probe(gunzipped, label + " (gunzipped)");
        return new ProbedDump(inner.format(), true, inner.header(), inner.toc(), inner.stream(), null, inner.label());
    }

    /** pg_dump -Ft: the first member must be toc.dat, an archive header + TOC with format code 3. */
    private static ProbedDump probeTar(BufferedInputStream in, byte[] first, RecordingInputStream recorder,
                                       String label) {
        TarHeader member = TarHeader.parse(first, label, 0);
        if (!"toc.dat".equals(member.name())) {
            throw new UserError(label + " is a tar file whose first member is '" + member.name()
                    + "', not toc.dat, so it is not a pg_dump tar archive (pg_dump -Ft). If it holds a "
                    + "directory-format dump, unpack it and point the source at the folder with toc.dat.");
        }
        skipFully(in, TarHeader.BLOCK, label);
        ArchiveInput archive = new ArchiveInput(new BoundedInputStream(in, member.size()),
                label + " (member toc.dat)", TarHeader.BLOCK);
        ArchiveHeader header = ArchiveReader.readHeader(archive, ArchiveReader.FORMAT_TAR);
        Toc toc = ArchiveReader.readToc(archive, header);
        return new ProbedDump(DumpFormat.TAR, false, header, toc, recorder.replay(), null, label);
    }

    /** pg_dump -Fd: a folder holding toc.dat (pg_restore also accepts a compressed toc.dat.gz). */
    private static ProbedDump probeDirectory(Path folder) {
        Path tocFile = folder.resolve("toc.dat");
        Path gzippedToc = folder.resolve("toc.dat.gz");
        boolean gzipped = !Files.isRegularFile(tocFile) && Files.isRegularFile(gzippedToc);
        if (!gzipped && !Files.isRegularFile(tocFile)) {
            throw new UserError("Folder " + folder + " is not a directory-format dump (pg_dump -Fd): it has no toc.dat.");
        }
        Path file = gzipped ? gzippedToc : tocFile;
        try (InputStream raw = Files.newInputStream(file);
             InputStream in = new BufferedInputStream(gzipped ? new GZIPInputStream(raw, BUFFER) : raw, BUFFER)) {
            ArchiveInput archive = new ArchiveInput(in, file.toString(), 0);
            ArchiveHeader header = ArchiveReader.readHeader(archive, ArchiveReader.FORMAT_TAR);
            Toc toc = ArchiveReader.readToc(archive, header);
            return new ProbedDump(DumpFormat.DIRECTORY, false, header, toc, null, folder, folder.toString());
        } catch (IOException e) {
            throw new Fault("Could not read " + file + ": " + e.getMessage(), e);
        }
    }

    private static byte[] peek(BufferedInputStream in, String label) {
        try {
            in.mark(PEEK);
            byte[] first = in.readNBytes(PEEK);
            in.reset();
            return first;
        } catch (IOException e) {
            throw new Fault("Could not read " + label + ": " + e.getMessage(), e);
        }
    }

    private static void skipFully(InputStream in, long count, String label) {
        try {
            in.skipNBytes(count);
        } catch (IOException e) {
            throw new UserError(label + " is truncated: it ends inside the first tar header.");
        }
    }

    private static boolean isGzip(byte[] first) {
        return first.length >= 2 && (first[0] & 0xFF) == 0x1f && (first[1] & 0xFF) == 0x8b;
    }

    private static boolean startsWith(byte[] bytes, String ascii) {
        if (bytes.length < ascii.length()) {
            return false;
        }
        for (int i = 0; i < ascii.length(); i++) {
            if (bytes[i] != ascii.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** Text without NUL bytes whose first word is something a psql script starts with. */
    static boolean looksLikeScript(byte[] first) {
        for (byte b : first) {
            if (b == 0) {
                return false;
            }
        }
        String text = new String(first, StandardCharsets.UTF_8);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        String start = text.stripLeading().toLowerCase(Locale.ROOT);
        return SCRIPT_STARTS.stream().anyMatch(start::startsWith);
    }

    /** "3c 3f 78 6d 6c ... "<?xml ..."" — hex and printable form of the first 16 bytes. */
    static String describe(byte[] first) {
        int n = Math.min(first.length, 16);
        StringBuilder hex = new StringBuilder();
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < n; i++) {
            int b = first[i] & 0xFF;
            hex.append(i == 0 ? "" : " ").append(String.format("%02x", b));
            text.append(b >= 0x20 && b < 0x7f ? (char) b : '.');
        }
        return hex + " \"" + text + "\"";
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // Already failing with a better message.
        }
    }
}
