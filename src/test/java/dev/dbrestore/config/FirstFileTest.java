package dev.dbrestore.config;

import dev.dbrestore.support.UserError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 17 item 9: a user of the released plugin has no restore-profiles.yml.example, so a missing
 * (or empty) file is answered with a minimal file that works as printed.
 */
class FirstFileTest {
    @TempDir
    Path dir;

    @Test
    void aMissingFileIsAnsweredWithAMinimalFileThatLoads() throws Exception {
        Path project = Files.createDirectory(dir.resolve("Acme-Shop"));
        Path file = project.resolve("restore-profiles.yml");

        assertThatThrownBy(() -> ConfigLoader.load(file, new Interpolator(Map.of(), Map.of())))
                .isInstanceOf(UserError.class)
                .hasMessageContaining(file + " does not exist")
                .hasMessageContaining("-Ddbrestore.config")
                .hasMessageContaining("project: acme_shop")
                .hasMessageContaining("file: \"~/Downloads/*.dump\"")
                .hasMessageNotContaining("restore-profiles.yml.example");

        Files.writeString(file, ConfigLoader.minimalFile(project));
        ConfigFile config = ConfigLoader.load(file, new Interpolator(Map.of(), Map.of()));
        assertThat(config.project()).isEqualTo("acme_shop");
        assertThat(config.profile(null).name()).isEqualTo("local");
    }
}
