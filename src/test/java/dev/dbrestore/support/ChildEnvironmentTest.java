package dev.dbrestore.support;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ChildEnvironmentTest {
    @Test
    void messagesBecomeEnglishAndTheOtherCategoriesStay() {
        Map<String, String> env = new HashMap<>(Map.of("LANG", "de_DE.UTF-8", "LC_TIME", "fr_FR.UTF-8", "PATH", "/bin"));
        ChildEnvironment.englishMessages(env);
        assertThat(env).containsExactlyInAnyOrderEntriesOf(Map.of("LANG", "de_DE.UTF-8", "LC_TIME", "fr_FR.UTF-8",
                "PATH", "/bin", "LC_MESSAGES", "C"));
    }

    @Test
    void lcAllWouldOverrideLcMessagesSoItBecomesLang() {
        Map<String, String> env = new HashMap<>(Map.of("LC_ALL", "de_DE.UTF-8", "LANG", "en_GB.UTF-8",
                "LC_MESSAGES", "de_DE.UTF-8", "LC_CTYPE", "C.UTF-8"));
        ChildEnvironment.englishMessages(env);
        assertThat(env).containsExactlyInAnyOrderEntriesOf(Map.of("LANG", "de_DE.UTF-8", "LC_MESSAGES", "C"));
    }

    @Test
    void theTargetReplacesEveryInheritedConnectionVariable() {
        Map<String, String> env = new HashMap<>(Map.of("PGSERVICE", "prod", "PGHOSTADDR", "10.0.0.9", "PGSSLMODE", "disable",
                "PGHOST", "elsewhere", "PGPASSFILE", "/home/u/.pgpass", "PATH", "/bin"));
        ChildEnvironment.connectTo(env, Map.of("PGHOST", "db.local", "PGSSLMODE", "verify-full", "PGPASSWORD", "pw"));
        assertThat(env).containsExactlyInAnyOrderEntriesOf(Map.of("PGHOST", "db.local", "PGSSLMODE", "verify-full",
                "PGPASSWORD", "pw", "PGPASSFILE", "/home/u/.pgpass", "PATH", "/bin"));
    }
}
