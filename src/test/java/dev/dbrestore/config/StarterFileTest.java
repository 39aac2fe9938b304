package dev.dbrestore.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What init writes and the one-off form runs with loads as written, with nothing set in the environment. */
class StarterFileTest {
    private static ConfigFile load(String text) {
        return ConfigLoader.load(text, "restore-profiles.yml", Path.of("/project"), new Interpolator(Map.of(), Map.of()));
    }

    @Test
    void theFileStarterLoadsAndNeedsNoProfileName() {
        ConfigFile config = load(StarterFile.forFile("acme", "~/Downloads/*.dump"));
        assertThat(config.project()).isEqualTo("acme");
        assertThat(config.profile(null).name()).isEqualTo(StarterFile.FILE_PROFILE);
        assertThat(config.profile(null).source()).isEqualTo(new SourceSpec.File("~/Downloads/*.dump"));
    }

    @Test
    void theHerokuStarterLoads() {
        ConfigFile config = load(StarterFile.forHeroku("acme", "acme-production"));
        assertThat(config.profile(null).name()).isEqualTo("prod");
        assertThat(config.profile(null).sensitive()).isTrue();
        assertThat(config.profile(null).source().toString()).contains("acme-production");
    }

    @Test
    void theProjectNameComesFromTheArtifactIdElseTheFolder() {
        assertThat(StarterFile.projectName("shop-api", Path.of("/x/y"))).isEqualTo("shop_api");
        assertThat(StarterFile.projectName(null, Path.of("/work/My App"))).isEqualTo("my_app");
    }
}
