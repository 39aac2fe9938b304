package dev.dbrestore.engine.nativeengine;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.ZipException;

/**
 * Decodes the LZ4 frame format (lz4 frame spec 1.6) as pg_dump 16+ writes it with
 * {@code --compress=lz4}: one frame per stream, blocks of up to 64 KiB and <em>linked</em> blocks,
 * where a block may copy from the previous 64 KiB of output. Common Java LZ4 libraries refuse
 * linked blocks, hence this small decoder.
 *
 * <p>Checksums are verified when the frame descriptor's FLG byte announces them ({@link XxHash32}):
 * the header checksum always, each block's checksum (FLG bit 4) before the block is decoded, and
 * the content checksum (FLG bit 2) at the end of the frame. pg_dump's frames carry neither: their
 * FLG is {@code 0x40} (linked blocks, no block or content checksum, no content size; pg_dump
 * leaves the LZ4 frame preferences at their defaults but for the level), as the pg_dump 17 and 18
 * fixtures show (Lz4FrameInputStreamTest). So a damaged pg_dump LZ4 archive is caught only where
 * the damage breaks the LZ4 block structure or the data it decodes to.
 */
final class Lz4FrameInputStream extends InputStream {
    private static final int MAGIC = 0x184D2204;
    private static final int HISTORY = 64 * 1024;

    private final InputStream in;
    private byte[] window = new byte[0];
    private int windowEnd;
    private int readPos;
    private byte[] compressed = new byte[0];
    private int maxBlockSize;
    private boolean blockChecksums;
    private boolean contentChecksum;
    private XxHash32 contentHash;
    private boolean inFrame;
    private boolean finished;

    Lz4FrameInputStream(InputStream in) {
        this.in = in;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        while (readPos == windowEnd) {
            if (!decodeNextBlock()) {
                return -1;
            }
        }
        int n = Math.min(length, windowEnd - readPos);
        System.arraycopy(window, readPos, buffer, offset, n);
        readPos += n;
        return n;
    }

    /** Decodes the next block into the window; false at the end of the last frame. */
    private boolean decodeNextBlock() throws IOException {
        if (finished) {
            return false;
        }
        if (!inFrame && !readFrameHeader()) {
            finished = true;
            return false;
        }
        int size = readIntLE();
        if (size == 0) {
            if (contentChecksum && readIntLE() != contentHash.digest()) {
                throw new ZipException("LZ4 content checksum mismatch: the decompressed data is damaged");
            }
            inFrame = false;
            return true;
        }
        boolean stored = (size & 0x80000000) != 0;
        size &= 0x7FFFFFFF;
        if (size > maxBlockSize) {
            throw new ZipException("LZ4 block of " + size + " bytes is larger than the frame's maximum " + maxBlockSize);
        }
        makeRoom();
        int start = windowEnd;
        byte[] raw = stored ? window : compressed;
        int rawOffset = stored ? start : 0;
        if (!stored && compressed.length < size) {
            compressed = new byte[maxBlockSize];
            raw = compressed;
        }
        readFully(raw, rawOffset, size);
        if (blockChecksums && readIntLE() != XxHash32.hash(raw, rawOffset, size)) {
            throw new ZipException("LZ4 block checksum mismatch: the compressed data is damaged");
        }
        windowEnd = stored ? start + size : decodeBlock(compressed, size, window, start);
        if (contentChecksum) {
            contentHash.update(window, start, windowEnd - start);
        }
        return true;
    }

    /** Reads a frame header; skips skippable frames; false at a clean end of input. */
    private boolean readFrameHeader() throws IOException {
        while (true) {
            int first = in.read();
            if (first < 0) {
                return false;
            }
            int magic = first | readIntLE3() << 8;
            if ((magic & 0xFFFFFFF0) == 0x184D2A50) {
                long skip = readIntLE() & 0xFFFFFFFFL;
                in.skipNBytes(skip);
                continue;
            }
            if (magic != MAGIC) {
                throw new ZipException(String.format("not an LZ4 frame (magic %08x)", magic));
            }
            byte[] descriptor = new byte[14]; // FLG, BD, content size (8), dictionary id (4)
            int flags = readByte();
            int blockDescriptor = readByte();
            if ((flags >>> 6) != 1) {
                throw new ZipException("unsupported LZ4 frame version " + (flags >>> 6));
            }
            descriptor[0] = (byte) flags;
            descriptor[1] = (byte) blockDescriptor;
            int descriptorLength = 2 + ((flags & 0x08) != 0 ? 8 : 0) + ((flags & 0x01) != 0 ? 4 : 0);
            readFully(descriptor, 2, descriptorLength - 2);
            if (readByte() != (XxHash32.hash(descriptor, 0, descriptorLength) >>> 8 & 0xFF)) {
                throw new ZipException("LZ4 frame header checksum mismatch: the frame descriptor is damaged");
            }
            blockChecksums = (flags & 0x10) != 0;
            contentChecksum = (flags & 0x04) != 0;
            contentHash = contentChecksum ? new XxHash32() : null;
            int sizeId = (blockDescriptor >>> 4) & 0x7;
            if (sizeId < 4) {
                throw new ZipException("invalid LZ4 block size id " + sizeId);
            }
            maxBlockSize = 1 << (8 + 2 * sizeId);
            if (window.length < HISTORY + maxBlockSize) {
                byte[] larger = new byte[HISTORY + maxBlockSize];
                System.arraycopy(window, 0, larger, 0, windowEnd);
                window = larger;
            }
            inFrame = true;
            return true;
        }
    }

    /** Keeps the last 64 KiB of output (the history later blocks may copy from) and frees room for a block. */
    private void makeRoom() {
        if (windowEnd + maxBlockSize > window.length) {
            int keep = Math.min(windowEnd, HISTORY);
            System.arraycopy(window, windowEnd - keep, window, 0, keep);
            windowEnd = keep;
            readPos = keep;
        }
    }

    /** Decodes one LZ4 block (literal runs and back-references) into {@code out} at {@code op}. */
    static int decodeBlock(byte[] src, int srcLength, byte[] out, int op) throws ZipException {
        int ip = 0;
        int limit = out.length;
        while (ip < srcLength) {
            int token = src[ip++] & 0xFF;
            int literals = token >>> 4;
            if (literals == 15) {
                int b;
                do {
                    if (ip >= srcLength) {
                        throw new ZipException("LZ4 block ends inside a literal length");
                    }
                    b = src[ip++] & 0xFF;
                    literals += b;
                } while (b == 255);
            }
            if (ip + literals > srcLength || op + literals > limit) {
                throw new ZipException("LZ4 literal run overruns the block");
            }
            System.arraycopy(src, ip, out, op, literals);
            ip += literals;
            op += literals;
            if (ip == srcLength) {
                break; // the last sequence has literals only
            }
            if (ip + 2 > srcLength) {
                throw new ZipException("LZ4 block ends inside a match offset");
            }
            int offset = (src[ip] & 0xFF) | (src[ip + 1] & 0xFF) << 8;
            ip += 2;
            if (offset == 0 || offset > op) {
                throw new ZipException("LZ4 match offset " + offset + " points before the data");
            }
            int matchLength = token & 0x0F;
            if (matchLength == 15) {
                int b;
                do {
                    if (ip >= srcLength) {
                        throw new ZipException("LZ4 block ends inside a match length");
                    }
                    b = src[ip++] & 0xFF;
                    matchLength += b;
                } while (b == 255);
            }
            matchLength += 4;
            if (op + matchLength > limit) {
                throw new ZipException("LZ4 match overruns the block");
            }
            int from = op - offset;
            if (offset >= matchLength) {
                System.arraycopy(out, from, out, op, matchLength);
                op += matchLength;
            } else {
                // Overlapping copy: repeats the last `offset` bytes, so it must go byte by byte.
                for (int i = 0; i < matchLength; i++) {
                    out[op++] = out[from + i];
                }
            }
        }
        return op;
    }

    private int readByte() throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException("LZ4 stream ends inside a frame header");
        }
        return b;
    }

    private int readIntLE3() throws IOException {
        return readByte() | readByte() << 8 | readByte() << 16;
    }

    private int readIntLE() throws IOException {
        return readByte() | readByte() << 8 | readByte() << 16 | readByte() << 24;
    }

    private void readFully(byte[] buffer, int offset, int length) throws IOException {
        int n = in.readNBytes(buffer, offset, length);
        if (n < length) {
            throw new EOFException("LZ4 stream ends inside a block");
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
