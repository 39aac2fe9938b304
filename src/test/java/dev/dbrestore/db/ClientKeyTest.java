package dev.dbrestore.db;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** pgjdbc is told the algorithm of a PKCS#8 PEM client key; anything else is left to the driver's own message. */
class ClientKeyTest {
    @TempDir
    Path dir;

    private Path pem(String algorithm) throws Exception {
        byte[] der = KeyPairGenerator.getInstance(algorithm).generateKeyPair().getPrivate().getEncoded();
        return Files.writeString(dir.resolve(algorithm + ".key"), "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der) + "\n-----END PRIVATE KEY-----\n");
    }

    @Test
    void rsaEcAndEd25519KeysAreToldApart() throws Exception {
        assertThat(ClientKey.pemAlgorithm(pem("RSA"))).contains("RSA");
        assertThat(ClientKey.pemAlgorithm(pem("EC"))).contains("EC");
        assertThat(ClientKey.pemAlgorithm(pem("Ed25519"))).contains("Ed25519");
    }

    @Test
    void otherFilesAreLeftToTheDriver() throws Exception {
        Path traditional = Files.writeString(dir.resolve("old.key"), "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n");
        assertThat(ClientKey.pemAlgorithm(traditional)).isEmpty();
        assertThat(ClientKey.pemAlgorithm(dir.resolve("missing.key"))).isEmpty();
        assertThat(ClientKey.pemAlgorithm(Files.write(dir.resolve("der.pk8"), new byte[] {0x30, 0x02}))).isEqualTo(Optional.empty());
    }

    @Test
    void theDriverGetsTheAlgorithmWithTheKey() throws Exception {
        Path key = pem("EC");
        ConnectionSettings s = new ConnectionSettings("h", 5432, "u", null, "postgres",
                Map.of(ConnectionParameter.SSLKEY, key.toString()));
        assertThat(s.jdbcProperties()).containsEntry("sslkey", key.toString()).containsEntry("pemKeyAlgorithm", "EC");
    }
}
