package dev.dbrestore.sanitize;

import dev.dbrestore.config.MaskRule;
import dev.dbrestore.config.MaskRule.ColumnRule;
import dev.dbrestore.config.MaskRule.Strategy;
import dev.dbrestore.config.MaskRule.Strategy.Kind;
import dev.dbrestore.testing.TestPg;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A copy of acme plus one probe user whose e-mail and phone exist nowhere else, dumped by pg_dump
 * (custom format) from the shared test server: a search for those two values finds only what a
 * restore of this dump let escape.
 *
 * @param originalEmails auth_user's e-mails by id, the probe's included
 */
record ProbeDump(Path file, String email, String phone, Map<String, String> originalEmails) {

    /** Makes the dump in {@code dir} from a copy of acme in {@code dbs} (dropped again). */
    static ProbeDump make(TestPg.Databases dbs, Path dir) throws Exception {
        String source = dbs.copyOfAcme();
        String marker = UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        String email = "wal.probe." + marker + "@acme-probe.test";
        String phone = "+44 7700 " + marker.replaceAll("[^0-9]", "0").substring(0, 6);
        TestPg.execute(source, "INSERT INTO auth_user (username, first_name, last_name, email, phone, password, date_joined) "
                + "VALUES ('probe" + marker + "', 'Probe', 'User', '" + email + "', '" + phone + "', 'x', now())");
        Map<String, String> originalEmails = TestPg.column(source, "auth_user", "id", "email");
        Path file = dir.resolve("probe.dump");
        TestPg.ToolResult r = TestPg.run(source, List.of("pg_dump", "-Fc", "-f", file.toString()), null);
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        dbs.drop(source);
        return new ProbeDump(file, email, phone, originalEmails);
    }

    /** A sensitive profile's rules for the people in acme; with the native engine they all run in the restore stream. */
    static List<MaskRule> rules() {
        return rules(null);
    }

    /**
     * The same rules, each with {@code where} (null: none); a rule with a {@code where:} runs as the
     * UPDATE after the load, whatever the engine.
     */
    static List<MaskRule> rules(String where) {
        List<ColumnRule> person = List.of(new Strategy("email", Kind.EMAIL), new Strategy("phone", Kind.PHONE),
                new Strategy("first_name", Kind.FIRST_NAME), new Strategy("last_name", Kind.LAST_NAME));
        return List.of(new MaskRule("auth_user", person, where, MaskRule.TableAction.UPDATE),
                new MaskRule("store_purchase", person, where, MaskRule.TableAction.UPDATE),
                new MaskRule("newsletter_subscriber", List.of(new Strategy("email", Kind.EMAIL),
                        new Strategy("name", Kind.FULL_NAME)), where, MaskRule.TableAction.UPDATE));
    }
}
