package dev.dbrestore.archive;

import dev.dbrestore.support.UserError;

import java.nio.charset.StandardCharsets;

/**
 * One 512-byte ustar member header (POSIX, as pg_dump -Ft and GNU tar write them).
 *
 * @param name the member's path ({@code prefix/name} when the prefix field is used)
 * @param size the member's size in bytes; its data is padded to a multiple of 512
 * @param type the type flag: '0' or NUL for a file, '5' for a folder, ...
 */
public record TarHeader(String name, long size, char type) {
    public static final int BLOCK = 512;

    /** Whether a block carries the ustar magic at offset 257 ("ustar\0" POSIX or "ustar " GNU). */
    public static boolean looksLikeTar(byte[] block) {
        return block.length >= BLOCK && block[257] == 'u' && block[258] == 's' && block[259] == 't'
                && block[260] == 'a' && block[261] == 'r';
    }

    /** Whether a block is all zeros (the end-of-archive marker). */
    public static boolean isEndBlock(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    /** Parses a header block found at {@code offset} in the input named {@code label}. */
    public static TarHeader parse(byte[] block, String label, long offset) {
        if (!looksLikeTar(block)) {
            throw corrupt(label, offset, "no ustar signature");
        }
        if (checksumOf(block) != octal(block, 148, 8, label, offset)) {
            throw corrupt(label, offset, "the header checksum does not match");
        }
        String name = text(block, 0, 100);
        String prefix = text(block, 345, 155);
        String path = prefix.isEmpty() ? name : prefix + "/" + name;
        long size = size(block, label, offset);
        char type = (char) (block[156] & 0xFF);
        return new TarHeader(path, size, type);
    }

    /** Bytes of padding after the member's data up to the next 512-byte boundary. */
    public long padding() {
        long rest = size % BLOCK;
        return rest == 0 ? 0 : BLOCK - rest;
    }

    public boolean isFile() {
        return type == '0' || type == 0;
    }

    /** Size field: octal digits, or GNU base-256 (high bit of the first byte set) for 8 GiB and more. */
    private static long size(byte[] block, String label, long offset) {
        if ((block[124] & 0x80) != 0) {
            long value = 0;
            for (int i = 125; i < 136; i++) {
                value = (value << 8) | (block[i] & 0xFF);
            }
            return value;
        }
        return octal(block, 124, 12, label, offset);
    }

    private static long octal(byte[] block, int start, int length, String label, long offset) {
        long value = 0;
        boolean digits = false;
        for (int i = start; i < start + length; i++) {
            int c = block[i] & 0xFF;
            if (c >= '0' && c <= '7') {
                value = value * 8 + (c - '0');
                digits = true;
            } else if (c == 0 || c == ' ') {
                if (digits) {
                    break;
                }
            } else {
                throw corrupt(label, offset, "a number field holds '" + (char) c + "'");
            }
        }
        return value;
    }

    /** Sum of all header bytes with the checksum field itself counted as spaces. */
    private static long checksumOf(byte[] block) {
        long sum = 0;
        for (int i = 0; i < BLOCK; i++) {
            sum += i >= 148 && i < 156 ? ' ' : block[i] & 0xFF;
        }
        return sum;
    }

    private static String text(byte[] block, int start, int length) {
        int end = start;
        while (end < start + length && block[end] != 0) {
            end++;
        }
        return new String(block, start, end - start, StandardCharsets.UTF_8);
    }

    private static UserError corrupt(String label, long offset, String problem) {
        return new UserError(label + " is corrupt: the tar member header at byte " + offset + " is damaged ("
                + problem + "). Download the backup again or check that the file is complete.");
    }
}
