package dev.dbrestore.config;

import dev.dbrestore.support.UserError;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;

import static dev.dbrestore.config.Yamls.load;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Tests of {@link ConfigFile}: choosing a profile, layering settings, resolving paths. */
class ConfigFileTest {
    private static final String TWO_PROFILES = """
            naming: "{project}_{profile}"
            onExists: overwrite
            prune: { keep: 3 }
            engine: native
            profiles:
              prod:
                source: { heroku: acme-production }
                onExists: suffix
                prune: { olderThan: 2w }
              staging:
                source: { heroku: acme-staging }
            """;

    @Test
    void anUnknownProfileListsTheKnownOnesAndSuggestsANearMiss() {
        ConfigFile config = load(TWO_PROFILES);

        assertThatThrownBy(() -> config.profile("prdo"))
                .isInstanceOf(UserError.class)
                .hasMessage("Unknown profile 'prdo' in /project/restore-profiles.yml. Did you mean 'prod'? Known profiles: prod, staging");
        assertThatThrownBy(() -> config.profile("qa"))
                .hasMessage("Unknown profile 'qa' in /project/restore-profiles.yml. Known profiles: prod, staging");
    }

    @Test
    void withoutNameAndDefaultProfileTheUserIsToldToChoose() {
        assertThatThrownBy(() -> load(TWO_PROFILES).profile(null))
                .isInstanceOf(UserError.class)
                .hasMessage("No profile given and /project/restore-profiles.yml has no defaultProfile. "
                        + "Use -Dprofile=NAME with one of: prod, staging");
    }

    /** Issue 17 item 8: prune (or any goal) without -Dprofile in a file of one profile uses it. */
    @Test
    void aFileWithOneProfileNeedsNoName() {
        ConfigFile config = load(Yamls.profile("source: { file: a.dump }"));

        assertThat(config.profile(null).name()).isEqualTo("p");
        assertThat(config.profile(" ").name()).isEqualTo("p");
    }

    @Test
    void theDefaultProfileIsUsedWhenNoNameIsGiven() {
        ConfigFile config = load("defaultProfile: staging\n" + TWO_PROFILES);

        assertThat(config.profile(null).name()).isEqualTo("staging");
        assertThat(config.profile(" ").name()).isEqualTo("staging");
        assertThat(config.profile("prod").name()).isEqualTo("prod");
    }

    @Test
    void effectiveSettingsLayerDefaultsThenTopLevelThenProfile() {
        ConfigFile config = load(TWO_PROFILES);

        Settings prod = config.effectiveSettings(config.profile("prod"));
        Settings staging = config.effectiveSettings(config.profile("staging"));

        assertThat(prod.onExists()).as("profile wins").isEqualTo(OnExists.SUFFIX);
        assertThat(prod.prune()).as("a profile's prune replaces the top one").isEqualTo(new PruneSpec(null, Duration.ofDays(14)));
        assertThat(prod.naming()).as("top level wins over default").isEqualTo("{project}_{profile}");
        assertThat(prod.engine()).isEqualTo("native");
        assertThat(prod.piiCheck()).as("built-in default").isEqualTo(PiiCheckMode.WARN);
        assertThat(prod.createMissingRoles()).isTrue();
        assertThat(staging.onExists()).isEqualTo(OnExists.OVERWRITE);
        assertThat(staging.prune()).isEqualTo(new PruneSpec(3, null));
    }

    @Test
    void resolveExpandsHomeAndAnchorsRelativePathsAtTheYamlFolder() {
        ConfigFile config = load(TWO_PROFILES);
        Path home = Path.of(System.getProperty("user.home"));

        assertThat(config.baseDir()).isEqualTo(Path.of("/project"));
        assertThat(config.resolve("sql/anonymize.sql")).isEqualTo(Path.of("/project/sql/anonymize.sql"));
        assertThat(config.resolve("../shared/x.sql")).isEqualTo(Path.of("/shared/x.sql"));
        assertThat(config.resolve("/abs/x.sql")).isEqualTo(Path.of("/abs/x.sql"));
        assertThat(config.resolve("~/Downloads/a.dump")).isEqualTo(home.resolve("Downloads/a.dump"));
        assertThat(config.resolve("~")).isEqualTo(home);
    }
}
