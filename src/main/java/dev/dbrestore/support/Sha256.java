package dev.dbrestore.support;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256, which every JVM has: a fresh digest for streams, and the digest of a text (UTF-8). */
public final class Sha256 {
    private Sha256() {
    }

    /** A new SHA-256 digest, for data that streams through. */
    public static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** The 32 bytes of SHA-256 of {@code text} in UTF-8. */
    public static byte[] of(String text) {
        return newDigest().digest(text.getBytes(StandardCharsets.UTF_8));
    }

    /** SHA-256 of {@code text} in UTF-8, as 64 lower-case hex digits. */
    public static String hexOf(String text) {
        return HexFormat.of().formatHex(of(text));
    }
}
