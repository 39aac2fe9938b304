package dev.dbrestore.sanitize;

import dev.dbrestore.config.MaskRule;
import dev.dbrestore.config.MaskRule.Strategy;
import dev.dbrestore.config.PiiCheckMode;
import dev.dbrestore.support.Progress;
import dev.dbrestore.testing.TestPg;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The keyed pseudonyms: unique where the input was, and one known pair tells nothing about another. */
class PseudonymsTest {
    @RegisterExtension
    final TestPg.Databases dbs = TestPg.databasesOfEachTest("t_pseudo_");
    @TempDir
    Path dir;

    @Test
    void aMillionDistinctEmailsGiveAMillionDistinctPseudonyms() {
        Pseudonyms p = new Pseudonyms("uniqueness-salt");
        Set<String> seen = new HashSet<>(2_000_000);
        for (int i = 0; i < 1_000_000; i++) {
            // near neighbours on purpose: same length, one character apart
            assertThat(seen.add(p.email("user" + i + "@example.com"))).isTrue();
        }
        assertThat(seen).hasSize(1_000_000);
    }

    /**
     * With the old scramble (one letter substitution per salt), a developer who finds their own
     * row (Alice → its mask) could read every letter pair it shares with other rows. Here, through
     * the real UPDATE path, the substitution learnt from the known pair must not reproduce the
     * mask of any other row.
     */
    @Test
    void oneKnownInputOutputPairRevealsNoOther() throws Exception {
        String db = dbs.create();
        List<String> names = List.of("Alice", "Alicia", "Celia", "Alec", "Eliza", "Lace", "Cecil", "Ilea");
        TestPg.execute(db, "CREATE TABLE person (id int PRIMARY KEY, scrambled text, first text)");
        for (int i = 0; i < names.size(); i++) {
            TestPg.execute(db, "INSERT INTO person VALUES (" + i + ", '" + names.get(i) + "', '" + names.get(i) + "')");
        }
        try (Connection c = TestPg.connect(db)) {
            new Sanitizer().sanitize(c, Profiles.profile(List.of(), List.of(new MaskRule("person", List.of(
                            new Strategy("scrambled", Strategy.Kind.SCRAMBLE), new Strategy("first", Strategy.Kind.FIRST_NAME)),
                            null, MaskRule.TableAction.UPDATE)), List.of(), Map.of()),
                    Profiles.settings(PiiCheckMode.OFF, "a secret salt"), dir, Progress.silent());
        }
        Map<String, String> scrambled = TestPg.column(db, "person", "id", "scrambled");
        Map<Character, Character> learnt = new HashMap<>();
        String known = scrambled.get("0");
        for (int i = 0; i < names.get(0).length(); i++) {
            learnt.put(Character.toLowerCase(names.get(0).charAt(i)), Character.toLowerCase(known.charAt(i)));
        }
        int recovered = 0;
        for (int i = 1; i < names.size(); i++) {
            StringBuilder guess = new StringBuilder();
            for (char ch : names.get(i).toLowerCase().toCharArray()) {
                guess.append(learnt.getOrDefault(ch, '?'));
            }
            recovered += guess.toString().equals(scrambled.get(Integer.toString(i)).toLowerCase()) ? 1 : 0;
        }
        assertThat(recovered).as("other rows whose mask follows from the known pair").isZero();
        // names: realistic, from the built-in list, and not the inputs
        assertThat(TestPg.column(db, "person", "id", "first").values())
                .allMatch(Pseudonyms.FIRST_NAMES::contains).noneMatch(names::contains);
    }
}
