package dev.dbrestore.engine.nativeengine;

import dev.dbrestore.archive.TocEntry;

import java.io.InputStream;

/**
 * The data part of an archive (table rows and large objects), read strictly in TOC order: the
 * custom and tar formats are one forward-only stream, so each entry's data must be asked for
 * exactly once, in the order of the TOC, and skipped data must be asked for with a null consumer.
 */
interface ArchiveData extends AutoCloseable {

    /** Receives one table's rows: COPY text ending in {@code \.}, or INSERT statements. */
    interface TableDataConsumer {
        void accept(InputStream rows);
    }

    /** Receives the bytes of one large object. */
    interface LargeObjectConsumer {
        void accept(long oid, InputStream content);
    }

    /** The data of a TABLE DATA entry; {@code consumer == null} skips it. */
    void tableData(TocEntry entry, TableDataConsumer consumer);

    /** The large objects of a BLOBS entry; {@code consumer == null} skips them. */
    void largeObjects(TocEntry entry, LargeObjectConsumer consumer);

    /**
     * True when {@link #tableData} may be asked for any entry, in any order, from several threads at
     * once (the archive is a file or folder read at random); then nothing needs to be skipped.
     */
    default boolean randomAccess() {
        return false;
    }

    /** The bytes an entry's data takes in the archive (biggest tables load first), 0 when unknown. */
    default long sizeOf(TocEntry entry) {
        return 0;
    }

    /** Reads to the end of the input (so a producing process can finish) and checks what is left. */
    void finish();

    @Override
    void close();

    /** "TOC entry 3948 (TABLE DATA public.auth_user)". */
    static String describe(TocEntry entry) {
        String name = entry.namespace() == null || entry.namespace().isEmpty()
                ? entry.tag() : entry.namespace() + "." + entry.tag();
        return "TOC entry " + entry.dumpId() + " (" + entry.desc() + " " + name + ")";
    }
}
