package dev.dbrestore.archive;

/** The dump formats dbrestore reads, told apart by their first bytes. */
public enum DumpFormat {
    /** {@code pg_dump -Fc}: "PGDMP" header, TOC, then data blocks. What Heroku produces. */
    CUSTOM,
    /** {@code pg_dump -Ft}: a tar file whose first member is {@code toc.dat}. */
    TAR,
    /** {@code pg_dump -Fd}: a folder with {@code toc.dat} (from a file source only). */
    DIRECTORY,
    /** {@code pg_dump -Fp}: a psql script. */
    PLAIN
}
