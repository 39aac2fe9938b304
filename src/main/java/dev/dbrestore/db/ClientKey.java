package dev.dbrestore.db;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * The algorithm of a client key in PKCS#8 PEM ({@code -----BEGIN PRIVATE KEY-----}), the key format
 * libpq and pgjdbc both read. pgjdbc takes such a key for RSA unless its {@code pemKeyAlgorithm} says
 * otherwise, so an EC key that psql accepts would fail in the driver ("Invalid RSA private key").
 * The key is read, never kept or logged.
 */
final class ClientKey {
    private static final String BEGIN = "-----BEGIN PRIVATE KEY-----";
    private static final String END = "-----END PRIVATE KEY-----";
    private static final List<String> ALGORITHMS = List.of("RSA", "EC", "Ed25519", "Ed448");
    private static final long MAX_BYTES = 64 * 1024;

    private ClientKey() {
    }

    /** The algorithm for pgjdbc's {@code pemKeyAlgorithm}; empty for a file that is not an unencrypted PKCS#8 PEM key. */
    static Optional<String> pemAlgorithm(Path file) {
        try {
            if (!Files.isRegularFile(file) || Files.size(file) > MAX_BYTES) {
                return Optional.empty();
            }
            String text = Files.readString(file, StandardCharsets.US_ASCII);
            int begin = text.indexOf(BEGIN);
            int end = text.indexOf(END);
            if (begin < 0 || end < begin) {
                return Optional.empty();
            }
            byte[] der = Base64.getMimeDecoder().decode(text.substring(begin + BEGIN.length(), end));
            for (String algorithm : ALGORITHMS) {
                try {
                    KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
                    return Optional.of(algorithm);
                } catch (GeneralSecurityException notThisOne) {
                    // the next algorithm
                }
            }
        } catch (IOException | IllegalArgumentException | SecurityException unreadable) {
            // the driver reports the file itself
        }
        return Optional.empty();
    }
}
