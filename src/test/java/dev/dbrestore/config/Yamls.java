package dev.dbrestore.config;

import dev.dbrestore.support.UserError;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Loads YAML text in tests as if it were {@code /project/restore-profiles.yml}. */
final class Yamls {
    static final Path BASE_DIR = Path.of("/project");
    static final String FILE = "restore-profiles.yml";

    private Yamls() {
    }

    static ConfigFile load(String yaml) {
        return load(yaml, Map.of(), Map.of());
    }

    static ConfigFile load(String yaml, Map<String, String> properties, Map<String, String> environment) {
        return ConfigLoader.load(yaml, FILE, BASE_DIR, new Interpolator(properties, environment));
    }

    /** The message of the UserError that loading {@code yaml} must throw. */
    static String errorOf(String yaml) {
        return errorOf(yaml, Map.of(), Map.of());
    }

    static String errorOf(String yaml, Map<String, String> properties, Map<String, String> environment) {
        Throwable[] thrown = new Throwable[1];
        assertThatThrownBy(() -> load(yaml, properties, environment))
                .isInstanceOf(UserError.class)
                .satisfies(e -> thrown[0] = e);
        return thrown[0].getMessage();
    }

    /** The smallest valid file with {@code profileBody} (indented by 4) as the profile 'p'. */
    static String profile(String profileBody) {
        return "profiles:\n  p:\n" + profileBody.stripIndent().lines().map(l -> "    " + l).reduce("", (a, b) -> a + b + "\n");
    }
}
