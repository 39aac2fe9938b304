package dev.dbrestore.db;

import dev.dbrestore.config.EmbeddedSpec;
import dev.dbrestore.config.TargetSpec;
import dev.dbrestore.support.UserError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code -Ddbrestore.target} over the YAML's {@code target:}, and who resolves an embedded target. */
class TargetOverrideTest {
    @TempDir
    Path home;

    private final List<String> started = new ArrayList<>();
    private final EmbeddedServerStarter recorder = (spec, dumpMajor) -> {
        started.add(spec + " for " + dumpMajor);
        return new ConnectionSettings("127.0.0.1", 54317, "postgres", "generated", "postgres");
    };

    private static final TargetSpec YAML_URL = new TargetSpec("postgres://ann@db.local:6543/maint", null, null, null, null, null);

    @Test
    void embeddedOnTheCommandLineReplacesTheYamlsServer() {
        ConnectionResolver resolver = new ConnectionResolver(Map.of("PGHOST", "elsewhere"), home).withEmbedded(recorder, "embedded");
        ConnectionSettings s = resolver.resolve(YAML_URL, 17);
        assertThat(s.port()).isEqualTo(54317);
        assertThat(started).containsExactly(EmbeddedSpec.defaults() + " for 17");
        assertThat(resolver.isEmbedded(YAML_URL)).isTrue();
    }

    @Test
    void theYamlsEmbeddedSettingsStayWhenTheCommandLineAlsoSaysEmbedded() {
        EmbeddedSpec spec = new EmbeddedSpec("18", 55555, "/x", null);
        new ConnectionResolver(Map.of(), home).withEmbedded(recorder, "embedded").resolve(TargetSpec.embedded(spec));
        assertThat(started).containsExactly(spec + " for -1");
    }

    @Test
    void aUrlOnTheCommandLineReplacesAnEmbeddedTarget() {
        ConnectionResolver resolver = new ConnectionResolver(Map.of(), home).withEmbedded(recorder, "postgres://bob:pw@h:1234/d");
        ConnectionSettings s = resolver.resolve(TargetSpec.embedded(null));
        assertThat(s).isEqualTo(new ConnectionSettings("h", 1234, "bob", "pw", "d"));
        assertThat(started).isEmpty();
    }

    @Test
    void withoutAnOverrideTheYamlDecides() {
        ConnectionResolver resolver = new ConnectionResolver(Map.of(), home).withEmbedded(recorder, null);
        assertThat(resolver.resolve(YAML_URL).host()).isEqualTo("db.local");
        assertThat(resolver.isEmbedded(YAML_URL)).isFalse();
        assertThat(started).isEmpty();
    }

    @Test
    void outsideMavenAnEmbeddedTargetSaysWhatItNeeds() {
        assertThatThrownBy(() -> new ConnectionResolver(Map.of(), home).resolve(TargetSpec.embedded(null)))
                .isInstanceOf(UserError.class).hasMessageContaining("mvn dbrestore:");
    }
}
