package dev.dbrestore.archive;

/** How the data blocks of an archive are compressed. */
public enum Compression { NONE, GZIP, LZ4, ZSTD }
