package dev.dbrestore.engine.nativeengine;

/**
 * xxHash32 (seed 0), the checksum of the LZ4 frame format: its header, block and content
 * checksums. Incremental: {@link #update} any number of times, then {@link #digest}. aircompressor
 * offers only XxHash64 (inside its zstd package), hence this small implementation of the
 * reference algorithm (github.com/Cyan4973/xxHash, xxhash.h).
 */
final class XxHash32 {
    private static final int P1 = 0x9E3779B1;
    private static final int P2 = 0x85EBCA77;
    private static final int P3 = 0xC2B2AE3D;
    private static final int P4 = 0x27D4EB2F;
    private static final int P5 = 0x165667B1;

    private int v1 = P1 + P2;
    private int v2 = P2;
    private int v3 = 0;
    private int v4 = -P1;
    private final byte[] stripe = new byte[16];
    private int buffered;
    private long total;

    /** The hash of {@code length} bytes of {@code data} from {@code offset}. */
    static int hash(byte[] data, int offset, int length) {
        XxHash32 h = new XxHash32();
        h.update(data, offset, length);
        return h.digest();
    }

    void update(byte[] data, int offset, int length) {
        total += length;
        int off = offset;
        int len = length;
        if (buffered > 0) {
            int fill = Math.min(16 - buffered, len);
            System.arraycopy(data, off, stripe, buffered, fill);
            buffered += fill;
            off += fill;
            len -= fill;
            if (buffered < 16) {
                return;
            }
            consume(stripe, 0);
            buffered = 0;
        }
        while (len >= 16) {
            consume(data, off);
            off += 16;
            len -= 16;
        }
        System.arraycopy(data, off, stripe, 0, len);
        buffered = len;
    }

    /** The hash of everything given to {@link #update} so far. */
    int digest() {
        int h = total >= 16
                ? Integer.rotateLeft(v1, 1) + Integer.rotateLeft(v2, 7) + Integer.rotateLeft(v3, 12) + Integer.rotateLeft(v4, 18)
                : P5;
        h += (int) total;
        int i = 0;
        for (; i + 4 <= buffered; i += 4) {
            h = Integer.rotateLeft(h + intLE(stripe, i) * P3, 17) * P4;
        }
        for (; i < buffered; i++) {
            h = Integer.rotateLeft(h + (stripe[i] & 0xFF) * P5, 11) * P1;
        }
        h ^= h >>> 15;
        h *= P2;
        h ^= h >>> 13;
        h *= P3;
        h ^= h >>> 16;
        return h;
    }

    private void consume(byte[] data, int off) {
        v1 = round(v1, intLE(data, off));
        v2 = round(v2, intLE(data, off + 4));
        v3 = round(v3, intLE(data, off + 8));
        v4 = round(v4, intLE(data, off + 12));
    }

    private static int round(int acc, int input) {
        return Integer.rotateLeft(acc + input * P2, 13) * P1;
    }

    private static int intLE(byte[] b, int i) {
        return (b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8 | (b[i + 2] & 0xFF) << 16 | (b[i + 3] & 0xFF) << 24;
    }
}
