package dev.dbrestore.sanitize;

import dev.dbrestore.config.PiiCheckMode;
import dev.dbrestore.config.Profile;
import dev.dbrestore.report.RunReport;
import dev.dbrestore.testing.Fixtures;
import dev.dbrestore.testing.RecordingProgress;
import dev.dbrestore.testing.TestPg;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fixture's hand-written anonymize.sql, run unchanged through {@code sanitize:}, compared row by
 * row with the source database. The assertions follow what the script does, no more: translate()
 * maps only ASCII letters (so a name written without any, like 太郎, stays as it is), and rows whose
 * e-mail contains 'customer' are skipped for auth_user (the fixture has none).
 */
class AnonymizeScriptTest {
    private static final String FIXED_PASSWORD = "pbkdf2_sha256$600000$fixture$dGhpcyBpcyBub3QgYSByZWFsIGhhc2g=";

    private static Map<String, Long> sourceCounts;
    private static Map<String, Map<String, String>> source = new java.util.HashMap<>();
    @RegisterExtension
    final TestPg.Databases dbs = TestPg.databasesOfEachTest("t_san_");
    private String copy;

    @BeforeAll
    static void readSource() throws SQLException {
        String db = TestPg.acmeTemplate();
        sourceCounts = Fixtures.acmeRowCounts(db);
        for (String col : List.of("first_name", "last_name", "email", "phone", "password")) {
            source.put("auth_user." + col, TestPg.column(db, "auth_user", "id", col));
        }
        for (String col : List.of("first_name", "last_name", "email", "phone", "address1", "address2")) {
            source.put("store_purchase." + col, TestPg.column(db, "store_purchase", "id", col));
        }
        for (String col : List.of("name", "email")) {
            source.put("newsletter_subscriber." + col, TestPg.column(db, "newsletter_subscriber", "id", col));
        }
        source.put("store_transaction.card_number", TestPg.column(db, "store_transaction", "id", "card_number"));
    }

    @Test
    void anonymizeSqlRunsUnchangedAndNoOriginalPersonalDataRemains() throws SQLException {
        copy = dbs.copyOfAcme();
        Profile profile = Profiles.profile(List.of("anonymize.sql"), List.of(),
                List.of("select 1 from auth_user where email not like '%@example.invalid' and email not ilike '%customer%'"),
                Map.of());
        RunReport report = new RunReport("restore", "prod");
        RecordingProgress progress = new RecordingProgress();

        new Sanitizer().run(TestPg.server(), copy, profile, Profiles.settings(PiiCheckMode.WARN, "s3cret-salt"),
                Fixtures.acme("anonymize.sql").getParent(), report, progress);

        assertAuthUsersAnonymized();
        assertPurchasesAndSubscribersAnonymized();
        assertCardsMasked();
        assertNoSourceEmailAnywhere();
        assertRowCountsKeptExceptTruncatedSessions();
        assertThat(TestPg.foreignKeyOrphans(copy)).isZero();

        assertThat(report.steps).extracting(RunReport.Step::name)
                .contains("sanitize: sql anonymize.sql", "sanitize: refresh materialized views");
        RunReport.Step step = report.steps.stream().filter(s -> s.name().equals("sanitize: sql anonymize.sql")).findFirst().orElseThrow();
        assertThat(step.rows()).isEqualTo(500 + 300 + 800 + 1000); // UPDATE counts; TRUNCATE reports 0
        assertThat(progress.text()).contains("Sanitize anonymize.sql: 5 statement(s), 2600 row(s) changed");
        assertThat(report.verification).hasSize(1);
        // the script leaves auth_user.username alone: the PII check says so (warn mode: no failure)
        assertThat(report.piiFindings).extracting(f -> ((SanitizeResult.PiiFinding) f).table() + "." + ((SanitizeResult.PiiFinding) f).column())
                .contains("public.auth_user.username");
        assertThat(progress.text()).contains("WARN PII check: public.auth_user.username (character varying(150), 500 non-null values)");
    }

    private void assertAuthUsersAnonymized() throws SQLException {
        Map<String, Map<String, String>> now = columns("auth_user", List.of("first_name", "last_name", "email", "phone", "password"));
        for (String id : source.get("auth_user.email").keySet()) {
            boolean kept = source.get("auth_user.email").get(id).toLowerCase(Locale.ROOT).contains("customer");
            for (String col : List.of("first_name", "last_name", "email", "phone", "password")) {
                String before = source.get("auth_user." + col).get(id);
                String after = now.get(col).get(id);
                if (kept) {
                    assertThat(after).as("auth_user %s %s of a support account", id, col).isEqualTo(before);
                } else if (col.equals("email")) {
                    assertThat(after).isEqualTo("user" + id + "@example.invalid");
                } else if (col.equals("password")) {
                    assertThat(after).isEqualTo(FIXED_PASSWORD);
                } else {
                    assertChangedUnlessTranslateCannot(col.equals("phone") ? "[013-689]" : "[A-Za-z]", before, after,
                            "auth_user " + id + " " + col);
                }
            }
        }
    }

    private void assertPurchasesAndSubscribersAnonymized() throws SQLException {
        Map<String, Map<String, String>> purchase = columns("store_purchase",
                List.of("first_name", "last_name", "email", "phone", "address1", "address2"));
        for (String id : source.get("store_purchase.email").keySet()) {
            assertThat(purchase.get("email").get(id)).isEqualTo("order" + id + "@example.invalid");
            assertChangedUnlessTranslateCannot("[A-Za-z]", source.get("store_purchase.first_name").get(id), purchase.get("first_name").get(id), "first_name " + id);
            assertChangedUnlessTranslateCannot("[A-Za-z]", source.get("store_purchase.last_name").get(id), purchase.get("last_name").get(id), "last_name " + id);
            assertChangedUnlessTranslateCannot("[013-689]", source.get("store_purchase.phone").get(id), purchase.get("phone").get(id), "phone " + id);
            // address translate() maps digits and lower-case letters only
            assertChangedUnlessTranslateCannot("[0-9a-z]", source.get("store_purchase.address1").get(id), purchase.get("address1").get(id), "address1 " + id);
            assertChangedUnlessTranslateCannot("[0-9a-z]", source.get("store_purchase.address2").get(id), purchase.get("address2").get(id), "address2 " + id);
        }
        Map<String, Map<String, String>> subscribers = columns("newsletter_subscriber", List.of("name", "email"));
        for (String id : source.get("newsletter_subscriber.email").keySet()) {
            assertThat(subscribers.get("email").get(id)).isEqualTo("reader" + id + "@example.invalid");
            assertChangedUnlessTranslateCannot("[A-Za-z]", source.get("newsletter_subscriber.name").get(id), subscribers.get("name").get(id), "name " + id);
        }
    }

    /** Every value changed, except NULLs and values in which translate() finds no character to map. */
    static void assertChangedUnlessTranslateCannot(String mappedChars, String before, String after, String what) {
        if (before == null) {
            assertThat(after).as(what).isNull();
        } else if (before.matches("(?s).*" + mappedChars + ".*")) {
            assertThat(after).as(what).isNotEqualTo(before).hasSameSizeAs(before);
        } else {
            assertThat(after).as(what + " (nothing translate() maps)").isEqualTo(before);
        }
    }

    private void assertCardsMasked() throws SQLException {
        Map<String, String> cards = TestPg.column(copy, "store_transaction", "id", "card_number");
        Set<String> original = new HashSet<>(source.get("store_transaction.card_number").values());
        assertThat(cards).hasSize(1000);
        cards.forEach((id, card) -> {
            String before = source.get("store_transaction.card_number").get(id);
            assertThat(card).isEqualTo("************" + before.substring(before.length() - 4));
            assertThat(original).doesNotContain(card);
        });
    }

    private void assertNoSourceEmailAnywhere() throws SQLException {
        Set<String> sourceEmails = new HashSet<>();
        source.forEach((key, values) -> {
            if (key.endsWith(".email")) {
                values.values().forEach(e -> sourceEmails.add(e.toLowerCase(Locale.ROOT)));
            }
        });
        List<Map<String, String>> leaked = TestPg.rows(copy, """
                SELECT lower(email) AS e FROM auth_user UNION ALL SELECT lower(email) FROM store_purchase
                UNION ALL SELECT lower(email::text) FROM newsletter_subscriber UNION ALL SELECT lower(email) FROM customer_summary
                """);
        assertThat(leaked).hasSize(500 + 800 + 300 + 500);
        assertThat(leaked).extracting(r -> r.get("e")).doesNotContainAnyElementsOf(sourceEmails);
    }

    private void assertRowCountsKeptExceptTruncatedSessions() throws SQLException {
        Map<String, Long> counts = Fixtures.acmeRowCounts(copy);
        Map<String, Long> expected = new java.util.LinkedHashMap<>(sourceCounts);
        expected.put("public.django_session", 0L);
        expected.put("public.django_cache", 0L);
        assertThat(counts).isEqualTo(expected);
        assertThat(counts.get("public.daily_sales")).isEqualTo(475L);
    }

    private Map<String, Map<String, String>> columns(String table, List<String> columns) throws SQLException {
        Map<String, Map<String, String>> out = new java.util.HashMap<>();
        for (String col : columns) {
            out.put(col, TestPg.column(copy, table, "id", col));
        }
        return out;
    }

    static Path fixtureDir() {
        return Fixtures.acme("anonymize.sql").getParent();
    }
}
