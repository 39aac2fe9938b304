package dev.dbrestore.archive;

import java.util.List;

/**
 * One table-of-contents entry of an archive (pg_backup_archiver.c, ReadToc). Strings may be null.
 *
 * @param desc       the object type: {@code TABLE}, {@code TABLE DATA}, {@code POLICY}, {@code BLOBS}, ...
 * @param section    1 none, 2 pre-data, 3 data, 4 post-data
 * @param relkind    from archive 1.16, else 0
 * @param dataState  1 data position not set, 2 set, 3 no data (custom format); for tar/directory: 2 when it has a data file, else 3
 * @param dataOffset absolute file position of the data block when {@code dataState == 2} (custom format)
 */
public record TocEntry(int dumpId, boolean hadDumper, String tableOid, String oid, String tag, String desc,
                       int section, String defn, String dropStmt, String copyStmt, String namespace,
                       String tablespace, String tableAm, int relkind, String owner,
                       List<Integer> dependencies, int dataState, long dataOffset, String dataFileName) {

    public static final int SECTION_NONE = 1;
    public static final int SECTION_PRE_DATA = 2;
    public static final int SECTION_DATA = 3;
    public static final int SECTION_POST_DATA = 4;

    public boolean hasData() {
        return dataState == 1 || dataState == 2;
    }

    /** {@code schema.tag}, or the tag alone when there is no namespace. */
    public String qualifiedName() {
        return namespace == null || namespace.isEmpty() ? tag : namespace + "." + tag;
    }
}
