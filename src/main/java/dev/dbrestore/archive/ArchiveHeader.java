package dev.dbrestore.archive;

import java.time.LocalDateTime;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The header of a custom or tar archive (tar: of its {@code toc.dat}).
 *
 * @param formatCode    1 custom, 3 tar (also inside a directory dump's toc.dat)
 * @param createdAt     pg_dump's local wall-clock time (no zone is recorded)
 * @param serverVersion e.g. {@code 15.18 (Debian 15.18-0+deb12u1)}
 * @param pgDumpVersion e.g. {@code 17.12 (Debian 17.12-0+deb13u1)}, {@code 19rc1 (Debian 19~rc1-1)}
 */
public record ArchiveHeader(int versionMajor, int versionMinor, int versionRev, int intSize, int offSize,
                            int formatCode, Compression compression, LocalDateTime createdAt,
                            String databaseName, String serverVersion, String pgDumpVersion) {

    private static final Pattern MAJOR = Pattern.compile("^\\s*(\\d+)");

    /** "1.16". */
    public String archiveVersion() {
        return versionMajor + "." + versionMinor;
    }

    /** The archive version packed as pg_restore compares it: (major*256 + minor)*256 + rev. */
    public int packedVersion() {
        return (versionMajor * 256 + versionMinor) * 256 + versionRev;
    }

    /** Major version of the pg_dump that wrote the archive (17 for "17.12 (...)", 19 for "19rc1"), or -1. */
    public int pgDumpMajor() {
        return majorOf(pgDumpVersion);
    }

    public int serverMajor() {
        return majorOf(serverVersion);
    }

    static int majorOf(String version) {
        if (version == null) {
            return -1;
        }
        Matcher m = MAJOR.matcher(version);
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }
}
