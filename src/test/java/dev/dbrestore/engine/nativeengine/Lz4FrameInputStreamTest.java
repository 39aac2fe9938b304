package dev.dbrestore.engine.nativeengine;

import dev.dbrestore.testing.Fixtures;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 15, item 9: LZ4 frame checksums are verified when the frame has them. The frames here were
 * made by the lz4 command line tool 1.9.4 (linked 64 KiB blocks, as pg_dump writes them):
 * {@code text-all-checksums.lz4} with {@code -BD -B4 -BX --content-size} (block and content
 * checksums), {@code text-no-checksums.lz4} with {@code -BD -B4 --no-frame-crc} (none, like
 * pg_dump's), {@code random-content-checksum.lz4} with {@code -BD -B4} of 70000 random bytes
 * (stored blocks, content checksum only).
 */
class Lz4FrameInputStreamTest {
    private static final String TEXT_SHA256 = "19a99cb87ac7db1de97c1bbef1fa7ddcb5441961f89cb35e6de7e84178c8e4c9";
    private static final String RANDOM_SHA256 = "2c50707bddbf82c3524f364c24db67057ce5bf0aa99e3b9099549d2c47960e6a";

    private static byte[] frame(String name) throws IOException {
        try (InputStream in = Lz4FrameInputStreamTest.class.getResourceAsStream(name)) {
            return in.readAllBytes();
        }
    }

    private static String decodedSha256(byte[] frame) throws Exception {
        try (InputStream in = new Lz4FrameInputStream(new ByteArrayInputStream(frame))) {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(in.readAllBytes()));
        }
    }

    @Test
    void framesWithAndWithoutChecksumsDecode() throws Exception {
        assertThat(decodedSha256(frame("text-all-checksums.lz4"))).isEqualTo(TEXT_SHA256);
        assertThat(decodedSha256(frame("text-no-checksums.lz4"))).isEqualTo(TEXT_SHA256);
        assertThat(decodedSha256(frame("random-content-checksum.lz4"))).isEqualTo(RANDOM_SHA256);
    }

    @Test
    void aDamagedBlockFailsItsBlockChecksum() throws Exception {
        byte[] frame = frame("text-all-checksums.lz4");
        frame[10341 + 5000] ^= 0x01; // inside the second block's data
        assertThatThrownBy(() -> decodedSha256(frame)).isInstanceOf(IOException.class)
                .hasMessageContaining("LZ4 block checksum");
    }

    @Test
    void aDamagedStoredBlockFailsTheContentChecksum() throws Exception {
        byte[] frame = frame("random-content-checksum.lz4");
        frame[11 + 30000] ^= 0x01; // a byte of the first, stored (uncompressed) block
        assertThatThrownBy(() -> decodedSha256(frame)).isInstanceOf(IOException.class)
                .hasMessageContaining("LZ4 content checksum");
    }

    @Test
    void aDamagedDescriptorFailsTheHeaderChecksum() throws Exception {
        byte[] frame = frame("text-all-checksums.lz4");
        frame[7] ^= 0x01; // the content size field
        assertThatThrownBy(() -> decodedSha256(frame)).isInstanceOf(IOException.class)
                .hasMessageContaining("LZ4 frame header checksum");
    }

    /** Why the fixtures cannot show a checksum failure: pg_dump's LZ4 frames carry no checksums (FLG 0x40). */
    @Test
    void pgDumpsLz4FramesCarryNoChecksums() throws Exception {
        for (String fixture : new String[]{"acme-pg17-lz4.dump", "acme-pg18-lz4.dump"}) {
            byte[] dump = Files.readAllBytes(Fixtures.acme(fixture));
            int frames = 0;
            for (int i = 0; i + 5 < dump.length; i++) {
                if (dump[i] == 0x04 && dump[i + 1] == 0x22 && dump[i + 2] == 0x4D && dump[i + 3] == 0x18) {
                    frames++;
                    assertThat(dump[i + 4] & 0xFF).as("FLG of the frame at %d in %s", i, fixture).isEqualTo(0x40);
                }
            }
            assertThat(frames).isPositive();
        }
    }

    @Test
    void xxHash32MatchesTheReferenceValues() {
        assertThat(XxHash32.hash(new byte[0], 0, 0)).isEqualTo(0x02CC5D05);
        byte[] abc = "abc".getBytes(StandardCharsets.US_ASCII);
        assertThat(XxHash32.hash(abc, 0, 3)).isEqualTo(0x32D153FF);
        byte[] text = "Nobody inspects the spammish repetition".getBytes(StandardCharsets.US_ASCII);
        assertThat(XxHash32.hash(text, 0, text.length)).isEqualTo(0xE2293B2F);
        XxHash32 pieces = new XxHash32();
        for (int i = 0; i < text.length; i += 7) {
            pieces.update(text, i, Math.min(7, text.length - i));
        }
        assertThat(pieces.digest()).isEqualTo(0xE2293B2F);
    }
}
