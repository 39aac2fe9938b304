package dev.dbrestore.config;

import org.junit.jupiter.api.Test;

import static dev.dbrestore.config.Yamls.errorOf;
import static dev.dbrestore.config.Yamls.load;
import static dev.dbrestore.config.Yamls.profile;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code target: embedded} and {@code target: {embedded: {...}}} in the YAML. */
class EmbeddedTargetConfigTest {

    @Test
    void theShortFormIsAnEmbeddedServerWithEveryDefault() {
        ConfigFile config = load("target: embedded\n" + profile("source: { file: a.dump }"));
        assertThat(config.settings().target()).isEqualTo(TargetSpec.embedded(EmbeddedSpec.defaults()));
        assertThat(config.settings().target().url()).isNull();
    }

    @Test
    void theLongFormTakesVersionPortDataDirAndOsUser() {
        ConfigFile config = load("""
                target:
                  embedded: { version: 17, port: 54400, dataDir: /srv/pg, osUser: builder }
                """ + profile("source: { file: a.dump }"));
        assertThat(config.settings().target().embedded()).isEqualTo(new EmbeddedSpec("17", 54400, "/srv/pg", "builder"));

        ConfigFile exact = load("target: { embedded: { version: 17.6.0 } }\n" + profile("source: { file: a.dump }"));
        assertThat(exact.settings().target().embedded().version()).isEqualTo("17.6.0");

        ConfigFile empty = load("target: { embedded: }\n" + profile("source: { file: a.dump }"));
        assertThat(empty.settings().target().embedded()).isEqualTo(EmbeddedSpec.defaults());
    }

    @Test
    void aProfileCanUseTheEmbeddedServerWhileTheTopLevelNamesAnother() {
        ConfigFile config = load("target: postgres://db.example/postgres\n"
                + profile("source: { file: a.dump }\ntarget: embedded"));
        assertThat(config.effectiveSettings(config.profile("p")).target().embedded()).isEqualTo(EmbeddedSpec.defaults());
    }

    @Test
    void mistakesAreNamedWithTheirLine() {
        assertThat(errorOf("target: { embedded: { version: latest } }\n" + profile("source: { file: a.dump }")))
                .contains("target.embedded.version").contains("17");
        assertThat(errorOf("target: { embedded: { port: 0 } }\n" + profile("source: { file: a.dump }")))
                .contains("target.embedded.port");
        assertThat(errorOf("target: { embedded: { dataFolder: /x } }\n" + profile("source: { file: a.dump }")))
                .contains("dataFolder");
        assertThat(errorOf("target: { embedded: {}, host: db }\n" + profile("source: { file: a.dump }")))
                .contains("both 'embedded' and 'host'");
    }
}
