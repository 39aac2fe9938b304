package dev.dbrestore.archive;

import dev.dbrestore.support.UserError;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the header and the table of contents of a pg_dump archive (custom format, or the
 * {@code toc.dat} of a tar or directory dump), archive versions 1.12 to 1.16, as pg_dump's
 * {@code ReadHead} and {@code ReadToc} do. See pg-archive-format.md §3 and §4.
 */
public final class ArchiveReader {
    public static final int FORMAT_CUSTOM = 1;
    public static final int FORMAT_TAR = 3;

    static final int OLDEST_SUPPORTED = packed(1, 12);
    static final int NEWEST_SUPPORTED = packed(1, 16);
    private static final int V1_14 = packed(1, 14);
    private static final int V1_15 = packed(1, 15);
    private static final int V1_16 = packed(1, 16);

    /** Far more entries than any real database has; a bigger count means the bytes are garbage. */
    private static final int MAX_TOC_ENTRIES = 50_000_000;

    private ArchiveReader() {
    }

    /** Reads "PGDMP" and the header that follows; {@code expectedFormat} is 1 (custom) or 3 (tar/directory toc.dat). */
    public static ArchiveHeader readHeader(ArchiveInput in, int expectedFormat) {
        in.context("the archive header");
        byte[] magic = in.readBytes(5, "the PGDMP signature");
        if (!"PGDMP".equals(new String(magic, java.nio.charset.StandardCharsets.ISO_8859_1))) {
            throw in.corrupt("it does not start with PGDMP");
        }
        int major = in.readByte("the archive version");
        int minor = in.readByte("the archive version");
        int rev = in.readByte("the archive version");
        int packed = (major * 256 + minor) * 256 + rev;
        if (packed > NEWEST_SUPPORTED + 255) {
            throw new UserError(in.label() + " has archive version " + major + "." + minor
                    + ", newer than the versions this plugin reads (1.12 to 1.16, pg_dump 9.6 to 18). "
                    + "Use a dbrestore version that knows this format, or dump with an older pg_dump.");
        }
        if (packed < OLDEST_SUPPORTED) {
            throw new UserError(in.label() + " has archive version " + major + "." + minor
                    + ", written by a pg_dump older than 9.6, which this plugin does not read. "
                    + "Dump the database again with a current pg_dump.");
        }
        int intSize = in.readByte("the integer size");
        int offSize = in.readByte("the offset size");
        if (intSize < 1 || intSize > 32 || offSize < 1 || offSize > 32) {
            throw in.corrupt("impossible integer/offset sizes " + intSize + "/" + offSize);
        }
        in.sizes(intSize, offSize);
        int format = in.readByte("the format code");
        if (format != expectedFormat) {
            throw in.corrupt("format code " + format + " where " + expectedFormat + " was expected");
        }
        Compression compression = packed >= V1_15 ? algorithm(in) : level(in);
        LocalDateTime created = creationTime(in);
        String database = in.readString("the database name");
        String serverVersion = in.readString("the server version");
        String pgDumpVersion = in.readString("the pg_dump version");
        return new ArchiveHeader(major, minor, rev, intSize, offSize, format, compression, created,
                database, serverVersion, pgDumpVersion);
    }

    /** Before 1.15: an int zlib level, 0 = none. */
    private static Compression level(ArchiveInput in) {
        long level = in.readInt("the compression level");
        if (level < -1 || level > 9) {
            throw in.corrupt("compression level " + level + " is not between -1 and 9");
        }
        return level == 0 ? Compression.NONE : Compression.GZIP;
    }

    /** From 1.15: one byte naming the algorithm. */
    private static Compression algorithm(ArchiveInput in) {
        int algorithm = in.readByte("the compression algorithm");
        return switch (algorithm) {
            case 0 -> Compression.NONE;
            case 1 -> Compression.GZIP;
            case 2 -> Compression.LZ4;
            case 3 -> Compression.ZSTD;
            default -> throw in.corrupt("unknown compression algorithm " + algorithm);
        };
    }

    /** A C {@code struct tm}: seconds, minutes, hours, day, month (0-based), years since 1900, isdst. */
    private static LocalDateTime creationTime(ArchiveInput in) {
        int sec = in.readSmallInt("the creation time");
        int min = in.readSmallInt("the creation time");
        int hour = in.readSmallInt("the creation time");
        int day = in.readSmallInt("the creation time");
        int month = in.readSmallInt("the creation time");
        int year = in.readSmallInt("the creation time");
        in.readSmallInt("the creation time");
        try {
            // tm_sec may be 60 (a leap second); LocalDateTime has no room for it.
            return LocalDateTime.of(year + 1900, month + 1, day, hour, min, Math.min(sec, 59));
        } catch (DateTimeException e) {
            throw in.corrupt("impossible creation time (" + e.getMessage() + ")");
        }
    }

    /**
     * Reads the TOC that follows the header. In a custom archive each entry ends with a data
     * offset; in a tar/directory {@code toc.dat} with a data file name.
     */
    public static Toc readToc(ArchiveInput in, ArchiveHeader header) {
        boolean custom = header.formatCode() == FORMAT_CUSTOM;
        int version = header.packedVersion();
        in.context("the TOC");
        int count = in.readSmallInt("the number of TOC entries");
        if (count < 0 || count > MAX_TOC_ENTRIES) {
            throw in.corrupt("impossible number of TOC entries " + count);
        }
        List<TocEntry> entries = new ArrayList<>(Math.min(count, 100_000));
        for (int i = 1; i <= count; i++) {
            in.context("TOC entry " + i + " of " + count);
            TocEntry entry = readEntry(in, version, custom, i, count);
            if ("ENCODING".equals(entry.desc())) {
                in.charset(PgEncoding.javaCharset(PgEncoding.fromEncodingEntry(entry.defn())));
            }
            entries.add(entry);
        }
        return new Toc(List.copyOf(entries));
    }

    private static TocEntry readEntry(ArchiveInput in, int version, boolean custom, int index, int count) {
        int dumpId = in.readSmallInt("its dump id");
        if (dumpId <= 0) {
            throw in.corrupt("dump id " + dumpId + " is not positive");
        }
        in.context("TOC entry " + index + " of " + count + " (dump id " + dumpId + ")");
        long hadDumper = in.readInt("its hadDumper flag");
        if (hadDumper != 0 && hadDumper != 1) {
            throw in.corrupt("hadDumper flag " + hadDumper + " is neither 0 nor 1");
        }
        String tableOid = in.readString("its table oid");
        String oid = in.readString("its oid");
        String tag = in.readString("its tag");
        String desc = in.readString("its type");
        in.context("TOC entry " + index + " of " + count + " (dump id " + dumpId + ", " + desc + " " + tag + ")");
        int section = in.readSmallInt("its section");
        if (section < TocEntry.SECTION_NONE || section > TocEntry.SECTION_POST_DATA) {
            throw in.corrupt("section " + section + " is not between 1 and 4");
        }
        String defn = in.readString("its definition");
        String dropStmt = in.readString("its drop statement");
        String copyStmt = in.readString("its COPY statement");
        String namespace = in.readString("its schema");
        String tablespace = in.readString("its tablespace");
        String tableAm = version >= V1_14 ? in.readString("its table access method") : null;
        int relkind = version >= V1_16 ? in.readSmallInt("its relkind") : 0;
        String owner = in.readString("its owner");
        in.readString("its WITH OIDS flag");
        List<Integer> dependencies = readDependencies(in);
        int dataState;
        long dataOffset = 0;
        String dataFileName = null;
        if (custom) {
            dataState = in.readOffsetFlag("its data offset");
            if (dataState < 1 || dataState > 3) {
                throw in.corrupt("unexpected data offset flag " + dataState);
            }
            dataOffset = in.lastOffset();
        } else {
            dataFileName = in.readString("its data file name");
            dataState = dataFileName == null || dataFileName.isEmpty() ? 3 : 2;
        }
        return new TocEntry(dumpId, hadDumper == 1, tableOid, oid, tag, desc, section, defn, dropStmt, copyStmt,
                namespace, tablespace, tableAm, relkind, owner, List.copyOf(dependencies), dataState, dataOffset,
                dataFileName);
    }

    /** Decimal dump ids as strings, ended by a NULL string. */
    private static List<Integer> readDependencies(ArchiveInput in) {
        List<Integer> dependencies = new ArrayList<>();
        while (true) {
            String dependency = in.readString("its dependencies");
            if (dependency == null) {
                return dependencies;
            }
            try {
                dependencies.add(Integer.parseInt(dependency.trim()));
            } catch (NumberFormatException e) {
                throw in.corrupt("dependency '" + abbreviate(dependency) + "' is not a dump id");
            }
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 20 ? text : text.substring(0, 20) + "...";
    }

    private static int packed(int major, int minor) {
        return (major * 256 + minor) * 256;
    }
}
