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
 */
public record ProbedDump(DumpFormat format, boolean gzipped, ArchiveHeader header, Toc toc,
                         InputStream stream, Path directory, String label) {

    public ProbedDump(DumpFormat format, boolean gzipped, ArchiveHeader header, Toc toc, InputStream stream,
                      Path directory) {
        this(format, gzipped, header, toc, stream, directory, "the dump");
    }

    /** The same dump under another name in messages. */
    public ProbedDump withLabel(String newLabel) {
        return new ProbedDump(format, gzipped, header, toc, stream, directory, newLabel);
    }
}
