package dev.dbrestore.archive;

import java.io.InputStream;
import java.nio.file.Path;

/**
 * A dump whose format has been recognised and, for archives, whose header and TOC were read.
 *
 * @param gzipped   the bytes as delivered were gzip-compressed (e.g. {@code dump.sql.gz}); {@link #stream()}
 *                  already yields the decompressed bytes
 * @param header    archive header, null for plain SQL
 * @param toc       archive table of contents, null for plain SQL
 * @param stream    every byte of the (decompressed) dump from the first one on, including the bytes
 *                  read while probing; null for a directory dump
 * @param directory the folder of a directory-format dump, else null
 * @param label     how messages name the dump (a file name, a backup id, or "the dump")
 * @param file      a local file holding exactly the bytes of {@link #stream()} (a custom or tar archive
 *                  that is not gzipped), which an engine may read at random instead; else null
 */
public record ProbedDump(DumpFormat format, boolean gzipped, ArchiveHeader header, Toc toc,
                         InputStream stream, Path directory, String label, Path file) {

    public ProbedDump(DumpFormat format, boolean gzipped, ArchiveHeader header, Toc toc, InputStream stream,
                      Path directory, String label) {
        this(format, gzipped, header, toc, stream, directory, label, null);
    }

    public ProbedDump(DumpFormat format, boolean gzipped, ArchiveHeader header, Toc toc, InputStream stream,
                      Path directory) {
        this(format, gzipped, header, toc, stream, directory, "the dump");
    }

    /**
     * One line for the log and {@code dbrestore:backups}, e.g. "custom archive 1.16 by pg_dump 17.12
     * (Debian 17.12-0+deb13u1) of a 17.12 server, gzip-compressed data, 17 tables, 3 large objects".
     */
    public String describe() {
        String kind = switch (format) {
            case CUSTOM -> "custom";
            case TAR -> "tar";
            case DIRECTORY -> "directory";
            case PLAIN -> "plain SQL";
        };
        String wrapper = gzipped ? " (gzip-compressed file)" : "";
        if (header == null) {
            return kind + " script" + wrapper;
        }
        long largeObjects = toc.entries().stream().filter(e -> e.desc().equals("BLOB")).count()
                + toc.ofType("BLOB METADATA").stream()
                .mapToLong(e -> e.defn() == null ? 0 : e.defn().lines().filter(l -> !l.isBlank()).count()).sum();
        return kind + " archive " + header.archiveVersion() + " by pg_dump " + header.pgDumpVersion() + " of a "
                + header.serverVersion() + " server, " + (header.compression() == Compression.NONE ? "uncompressed"
                : header.compression().name().toLowerCase(java.util.Locale.ROOT) + "-compressed") + " data, " + toc.tableCount() + " tables, " + largeObjects + " large objects" + wrapper;
    }

    /** The same dump under another name in messages. */
    public ProbedDump withLabel(String newLabel) {
        return new ProbedDump(format, gzipped, header, toc, stream, directory, newLabel, file);
    }

    /**
     * The same dump, readable at random from {@code local} (the file its stream comes from) when it
     * is a custom or tar archive that is not gzipped; unchanged otherwise.
     */
    public ProbedDump readableFrom(Path local) {
        if (local == null || gzipped || (format != DumpFormat.CUSTOM && format != DumpFormat.TAR)) {
            return this;
        }
        return new ProbedDump(format, gzipped, header, toc, stream, directory, label, local);
    }
}
