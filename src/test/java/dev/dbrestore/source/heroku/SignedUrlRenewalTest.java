package dev.dbrestore.source.heroku;

import dev.dbrestore.config.SourceSpec;
import dev.dbrestore.source.Backup;
import dev.dbrestore.source.BackupSource;
import dev.dbrestore.app.BackupSources;
import dev.dbrestore.source.DumpInput;
import dev.dbrestore.testing.Fixtures;
import dev.dbrestore.testing.HerokuMimic;
import dev.dbrestore.testing.Pipelines;
import dev.dbrestore.testing.RangeFileHandler;
import dev.dbrestore.testing.RecordingProgress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A download that outlives its signed URL asks Heroku for a fresh one and resumes where it was. */
class SignedUrlRenewalTest {
    private static final String API_KEY = "0badc0de-89ab-cdef-0123-456789abcdef";

    @TempDir
    Path dir;

    private HerokuMimic heroku;
    private final RecordingProgress progress = new RecordingProgress();

    @BeforeEach
    void start() throws Exception {
        heroku = new HerokuMimic(API_KEY);
    }

    @AfterEach
    void stop() {
        heroku.close();
    }

    @Test
    void anExpiredSignedUrlIsRenewedWhenResuming() throws Exception {
        Path dump = Fixtures.acme("acme-pg15.dump");
        RangeFileHandler file = heroku.backup("long-app", 7, true, "2026-06-07 10:00:00 +0000",
                "2026-06-07 10:01:00 +0000", dump);
        file.failures = 1;
        file.dropAfterBytes = 100_000;
        heroku.signedUrlsExpireAfterUse = true;
        BackupSource source = BackupSources.create(new SourceSpec.Heroku("long-app", null, null, null),
                Pipelines.sourceContext(progress, dir, Map.of("HEROKU_API_KEY", API_KEY, "HEROKU_DATA_HOST", heroku.baseUrl())));

        Backup backup = source.pick(null);
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (DumpInput input = source.open(backup); InputStream in = input.stream()) {
            digest.update(in.readAllBytes());
        }

        byte[] expected = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(dump));
        assertThat(HexFormat.of().formatHex(digest.digest())).isEqualTo(HexFormat.of().formatHex(expected));
        assertThat(heroku.requestLog).filteredOn(line -> line.startsWith("POST ")).hasSize(2);
        assertThat(file.rangeRequests.get()).isEqualTo(1);
        assertThat(progress.text()).contains("was refused (HTTP 403)").contains("asking Heroku for a fresh one");
        String log = progress.text();
        assertThat(log).doesNotContain(API_KEY).doesNotContain("X-Amz-Signature=");
        heroku.signatures().forEach(signature -> assertThat(log).doesNotContain(signature));
    }
}
