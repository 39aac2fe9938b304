package dev.dbrestore.engine.nativeengine;

import dev.dbrestore.archive.Compression;
import io.airlift.compress.zstd.ZstdInputStream;

import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/** Decoders for the data of pg_dump archives, all pure Java. */
final class Decompression {
    private static final int BUFFER = 64 * 1024;

    private Decompression() {
    }

    /**
     * A custom-format data block's chunk payloads form one stream of the header's algorithm:
     * zlib (not gzip) for "gzip", an LZ4 frame, or a zstd frame (pg-archive-format.md §5.3).
     */
    static InputStream customBlock(Compression compression, InputStream chunks) throws IOException {
        return switch (compression) {
            case NONE -> chunks;
            case GZIP -> new ZlibInputStream(chunks);
            case LZ4 -> new Lz4FrameInputStream(chunks);
            case ZSTD -> new ZstdInputStream(chunks);
        };
    }

    /** A directory-format data file, its compression told by its suffix as pg_restore does. */
    static InputStream file(String fileName, InputStream raw) throws IOException {
        if (fileName.endsWith(".gz")) {
            return new GZIPInputStream(raw, BUFFER);
        }
        if (fileName.endsWith(".lz4")) {
            return new Lz4FrameInputStream(raw);
        }
        if (fileName.endsWith(".zst")) {
            return new ZstdInputStream(raw);
        }
        return raw;
    }

    /** zlib with a large buffer whose native inflater is released on close. */
    private static final class ZlibInputStream extends InflaterInputStream {
        ZlibInputStream(InputStream in) {
            super(in, new Inflater(), BUFFER);
        }

        @Override
        public void close() throws IOException {
            inf.end();
            super.close();
        }
    }
}
