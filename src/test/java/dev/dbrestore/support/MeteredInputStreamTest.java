package dev.dbrestore.support;

import dev.dbrestore.testing.RecordingProgress;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.InputStream;

import static org.assertj.core.api.Assertions.assertThat;

class MeteredInputStreamTest {
    @Test
    void progressLinesGiveBytesPercentageRateAndEtaInPlainText() throws Exception {
        RecordingProgress progress = new RecordingProgress();
        try (MeteredInputStream in = new MeteredInputStream(new ByteArrayInputStream(new byte[4 << 20]), "Restoring",
                (long) (4 << 20), progress, 0)) {
            byte[] chunk = new byte[1 << 20];
            for (int i = 0; i < 3; i++) {
                in.readNBytes(chunk, 0, chunk.length);
            }
            assertThat(in.count()).isEqualTo(3 << 20);
        }
        assertThat(progress.infos()).hasSizeGreaterThanOrEqualTo(1);
        String last = progress.infos().get(progress.infos().size() - 1);
        assertThat(last).startsWith("Restoring: 3.0 MB of 4.0 MB (75%) at ").contains("/s, ").contains(" elapsed, ETA ");
        assertThat(String.join("\n", progress.infos())).doesNotContain("\u001b").doesNotContain("\r");
    }

    @Test
    void anUnknownSizeGivesNoPercentageAndNoEta() throws Exception {
        RecordingProgress progress = new RecordingProgress();
        try (InputStream in = new MeteredInputStream(new ByteArrayInputStream(new byte[1 << 20]), "Downloading", null,
                progress, 0)) {
            in.readAllBytes();
        }
        assertThat(progress.infos()).isNotEmpty().allSatisfy(line -> assertThat(line).doesNotContain("%").doesNotContain("ETA"));
    }
}
