package dev.dbrestore.sanitize;

import dev.dbrestore.config.MaskRule.Constant;
import dev.dbrestore.config.MaskRule.Expression;
import dev.dbrestore.config.MaskRule.Strategy;
import dev.dbrestore.config.MaskRule.TableAction;
import dev.dbrestore.config.MaskRule;
import dev.dbrestore.config.PiiCheckMode;
import dev.dbrestore.config.Profile;
import dev.dbrestore.support.UserError;
import dev.dbrestore.testing.Fixtures;
import dev.dbrestore.testing.RecordingProgress;
import dev.dbrestore.testing.TestPg;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.dbrestore.config.MaskRule.Strategy.Kind.DATE_SHIFT;
import static dev.dbrestore.config.MaskRule.Strategy.Kind.EMAIL;
import static dev.dbrestore.config.MaskRule.Strategy.Kind.HASH;
import static dev.dbrestore.config.MaskRule.Strategy.Kind.NULL;
import static dev.dbrestore.config.MaskRule.Strategy.Kind.SCRAMBLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Declarative mask: rules against real copies of the acme fixture. */
class MaskRulesTest {
    private static final String FIXED_PASSWORD = "pbkdf2_sha256$600000$fixture$dGhpcyBpcyBub3QgYSByZWFsIGhhc2g=";
    private static final String SALT = "test-salt-0123456789";

    private static Map<String, Map<String, String>> source = new HashMap<>();
    private static Map<String, Long> sourceCounts;

    @TempDir
    Path dir;
    @RegisterExtension
    final TestPg.Databases dbs = TestPg.databasesOfEachTest("t_san_");
    private String copy;
    private final RecordingProgress progress = new RecordingProgress();

    @BeforeAll
    static void readSource() throws SQLException {
        String db = TestPg.acmeTemplate();
        sourceCounts = Fixtures.acmeRowCounts(db);
        for (String col : List.of("first_name", "last_name", "email", "phone")) {
            source.put("auth_user." + col, TestPg.column(db, "auth_user", "id", col));
        }
        for (String col : List.of("first_name", "last_name", "phone", "address1", "address2")) {
            source.put("store_purchase." + col, TestPg.column(db, "store_purchase", "id", col));
        }
        source.put("newsletter_subscriber.name", TestPg.column(db, "newsletter_subscriber", "id", "name"));
        source.put("store_transaction.card_number", TestPg.column(db, "store_transaction", "id", "card_number"));
    }

    private SanitizeResult sanitize(Profile profile) throws SQLException {
        try (Connection c = TestPg.connect(copy)) {
            return new Sanitizer().sanitize(c, profile, Profiles.settings(PiiCheckMode.WARN, SALT), dir, progress);
        }
    }

    private static Profile masks(MaskRule... rules) {
        return Profiles.profile(List.of(), List.of(rules), List.of(), Map.of());
    }

    /** anonymize.sql, written as mask: rules. */
    static List<MaskRule> anonymizeAsRules() {
        return List.of(
                new MaskRule("auth_user", List.of(new Strategy("first_name", SCRAMBLE), new Strategy("last_name", SCRAMBLE),
                        new Expression("email", "'user' || id || '@example.invalid'"), new Strategy("phone", SCRAMBLE),
                        new Constant("password", FIXED_PASSWORD)), "email NOT ILIKE '%customer%'", TableAction.UPDATE),
                new MaskRule("newsletter_subscriber", List.of(new Strategy("name", SCRAMBLE),
                        new Expression("email", "'reader' || id || '@example.invalid'")), null, TableAction.UPDATE),
                new MaskRule("store_purchase", List.of(new Strategy("first_name", SCRAMBLE), new Strategy("last_name", SCRAMBLE),
                        new Expression("email", "'order' || id || '@example.invalid'"), new Strategy("phone", SCRAMBLE),
                        new Strategy("address1", SCRAMBLE), new Strategy("address2", SCRAMBLE)), null, TableAction.UPDATE),
                new MaskRule("store_transaction", List.of(new Expression("card_number", "'************' || right(card_number, 4)"),
                        new Constant("exp_month", "1"), new Constant("exp_year", "2030")), null, TableAction.UPDATE),
                new MaskRule("django_session", List.of(), null, TableAction.TRUNCATE),
                new MaskRule("django_cache", List.of(), null, TableAction.TRUNCATE));
    }

    @Test
    void theAnonymizeScriptAsMaskRulesLeavesNoOriginalNameEmailPhoneOrCard() throws SQLException {
        copy = dbs.copyOfAcme();
        SanitizeResult result = sanitize(Profiles.profile(List.of(), anonymizeAsRules(),
                List.of("select count(*) from auth_user where email not like '%@example.invalid'"), Map.of()));

        // one statement per rule: one UPDATE per table for all its columns
        assertThat(result.steps()).extracting(SanitizeResult.Step::name).containsExactly(
                "mask public.auth_user (5 columns, where email NOT ILIKE '%customer%')",
                "mask public.newsletter_subscriber (2 columns)", "mask public.store_purchase (6 columns)",
                "mask public.store_transaction (3 columns)", "truncate public.django_session", "truncate public.django_cache",
                "refresh materialized views", "leak scan");
        assertThat(result.steps()).extracting(SanitizeResult.Step::rows).startsWith(500L, 300L, 800L, 1000L);
        assertThat(result.verificationsPassed()).isTrue();

        for (String column : List.of("auth_user.first_name", "auth_user.last_name", "auth_user.phone",
                "store_purchase.first_name", "store_purchase.last_name", "store_purchase.phone",
                "store_purchase.address1", "store_purchase.address2", "newsletter_subscriber.name")) {
            String[] tc = column.split("\\.");
            assertScrambled(column, source.get(column), TestPg.column(copy, tc[0], "id", tc[1]));
        }
        Map<String, String> emails = TestPg.column(copy, "auth_user", "id", "email");
        emails.forEach((id, email) -> assertThat(email).isEqualTo("user" + id + "@example.invalid"));
        Map<String, String> cards = TestPg.column(copy, "store_transaction", "id", "card_number");
        Set<String> sourceCards = new HashSet<>(source.get("store_transaction.card_number").values());
        cards.forEach((id, card) -> assertThat(card).matches("\\*{12}\\d{4}").isNotIn(sourceCards));

        Map<String, Long> expected = new java.util.LinkedHashMap<>(sourceCounts);
        expected.put("public.django_session", 0L);
        expected.put("public.django_cache", 0L);
        assertThat(Fixtures.acmeRowCounts(copy)).isEqualTo(expected);
        assertThat(TestPg.foreignKeyOrphans(copy)).isZero();
    }

    /**
     * Scrambled: NULL stays NULL, same length, same case per character, digits stay digits, and
     * every value with a letter or digit changed, non-ASCII letters (太郎, Анна) included. Equal
     * inputs give equal outputs (a substitution).
     */
    private static void assertScrambled(String what, Map<String, String> before, Map<String, String> after) {
        Map<String, String> mapping = new HashMap<>();
        before.forEach((id, b) -> {
            String a = after.get(id);
            if (b == null) {
                assertThat(a).as(what + " " + id).isNull();
                return;
            }
            assertThat(a.codePointCount(0, a.length())).as(what + " " + id + " length").isEqualTo(b.codePointCount(0, b.length()));
            if (b.codePoints().anyMatch(Character::isLetterOrDigit)) {
                assertThat(a).as(what + " " + id).isNotEqualTo(b);
            }
            assertThat(a.codePoints().filter(c -> c > 127 && Character.isLetter(c)).count())
                    .as(what + " " + id + " non-ASCII letters left in " + a).isZero();
            for (int i = 0; i < Math.min(a.length(), b.length()); i++) {
                char x = b.charAt(i);
                char y = a.charAt(i);
                if (x < 128 && Character.isUpperCase(x)) {
                    assertThat(Character.isUpperCase(y)).as(what + " " + id + " case at " + i).isTrue();
                }
                if (Character.isDigit(x)) {
                    assertThat(Character.isDigit(y)).isTrue();
                }
            }
            String earlier = mapping.putIfAbsent(b, a);
            assertThat(earlier == null || earlier.equals(a)).as(what + ": equal inputs, equal outputs").isTrue();
        });
    }

    @Test
    void masksAMixedCaseTableInASecondSchemaWithQuotedAndLooseNames() throws SQLException {
        copy = dbs.copyOfAcme();
        TestPg.execute(copy,
                "CREATE SCHEMA \"Sales\"",
                "CREATE TABLE \"Sales\".\"MixedCase\" (\"Id\" int PRIMARY KEY, \"Email\" text NOT NULL, "
                        + "\"Full Name\" varchar(10), \"Notes\" text)",
                "INSERT INTO \"Sales\".\"MixedCase\" SELECT g, 'Person.' || g || '@Corp.example', 'Name ' || g, 'note ' || g "
                        + "FROM generate_series(1, 20) g",
                // a look-alike in public that must not be touched
                "CREATE TABLE public.mixedcase (id int PRIMARY KEY, \"Notes\" text)",
                "INSERT INTO public.mixedcase VALUES (1, 'keep me')");

        sanitize(masks(
                new MaskRule("\"Sales\".\"MixedCase\"", List.of(new Strategy("Email", EMAIL),
                        new Constant("Full Name", "Someone With A Long Name")), "\"Id\" <= 10", TableAction.UPDATE),
                new MaskRule("sales.mixedcase", List.of(new Strategy("notes", NULL)), null, TableAction.UPDATE)));

        List<Map<String, String>> rows = TestPg.rows(copy,
                "SELECT \"Id\" AS id, \"Email\" AS email, \"Full Name\" AS name, \"Notes\" AS notes FROM \"Sales\".\"MixedCase\" ORDER BY 1");
        for (Map<String, String> row : rows) {
            int id = Integer.parseInt(row.get("id"));
            if (id <= 10) {
                assertThat(row.get("email")).isEqualTo(new Pseudonyms(SALT).email("Person." + id + "@Corp.example"))
                        .endsWith("@example.invalid");
                assertThat(row.get("name")).isEqualTo("Someone Wi"); // cut to varchar(10), not an error
            } else {
                assertThat(row.get("email")).isEqualTo("Person." + id + "@Corp.example");
                assertThat(row.get("name")).isEqualTo("Name " + id);
            }
            assertThat(row.get("notes")).isNull();
        }
        assertThat(TestPg.column(copy, "public.mixedcase", "id", "\"Notes\"")).containsEntry("1", "keep me");
        assertThat(progress.text()).contains("mask \"Sales\".\"MixedCase\" (2 columns, where \"Id\" <= 10): 10 row(s)");
    }

    @Test
    void aRuleNamingAMissingColumnFailsBeforeAnyChange() throws Exception {
        copy = dbs.copyOfAcme();
        Files.writeString(dir.resolve("first.sql"), "UPDATE auth_user SET first_name = 'changed';\n");
        Profile profile = Profiles.profile(List.of("first.sql"), List.of(
                new MaskRule("auth_user", List.of(new Strategy("last_name", SCRAMBLE)), null, TableAction.UPDATE),
                new MaskRule("newsletter_subscriber", List.of(new Strategy("emial", HASH)), null, TableAction.UPDATE),
                new MaskRule("billing.invoices", List.of(new Strategy("lines", NULL)), null, TableAction.UPDATE)),
                List.of(), Map.of());

        assertThatThrownBy(() -> sanitize(profile))
                .isInstanceOf(UserError.class)
                .hasMessageContaining("2 invalid mask rules, nothing was changed")
                .hasMessageContaining("mask public.newsletter_subscriber: column 'emial' does not exist. Its columns: id, name, email")
                .hasMessageContaining("mask billing.invoices: Table 'billing.invoices' does not exist in the restored database (did you mean billing.invoice?)");

        assertThat(TestPg.column(copy, "auth_user", "id", "first_name")).isEqualTo(TestPg.column(TestPg.acmeTemplate(), "auth_user", "id", "first_name"));
        assertThat(TestPg.column(copy, "auth_user", "id", "last_name")).isEqualTo(source.get("auth_user.last_name"));
    }

    @Test
    void rulesThatCannotWorkOnTheColumnTypeOrExpressionsWithTyposFailBeforeAnyChange() throws SQLException {
        copy = dbs.copyOfAcme();
        Profile profile = masks(
                new MaskRule("auth_user", List.of(new Strategy("first_name", SCRAMBLE)), null, TableAction.UPDATE),
                new MaskRule("auth_user", List.of(new Strategy("last_name", NULL)), null, TableAction.UPDATE),
                new MaskRule("store_purchase", List.of(new Strategy("total", HASH)), null, TableAction.UPDATE),
                new MaskRule("event_log", List.of(new Strategy("kind", DATE_SHIFT)), null, TableAction.UPDATE),
                new MaskRule("\"Order Items\"", List.of(new Strategy("Line Total", NULL)), null, TableAction.UPDATE),
                new MaskRule("store_transaction", List.of(new Expression("card_number", "'x' || car_number")), null, TableAction.UPDATE),
                new MaskRule("billing.invoice", List.of(new Constant("currency", "EUR")), "voided = 'maybe", TableAction.UPDATE));

        assertThatThrownBy(() -> sanitize(profile))
                .hasMessageContaining("invalid mask rules, nothing was changed")
                .hasMessageContaining("mask public.auth_user.last_name: the column is NOT NULL, so it cannot be set to null")
                .hasMessageContaining("mask public.store_purchase.total: the column is money_amount; hash works on text columns only")
                .hasMessageContaining("mask public.event_log.kind: the column is text; dateShift works on date, timestamp and timestamptz columns only")
                .hasMessageContaining("mask public.\"Order Items\".\"Line Total\": the column is a generated column")
                .satisfies(e -> assertThat(e.getMessage()).containsPattern("mask public.store_transaction \\(1 column\\): ERROR: column \"car_number\" does not exist"))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("first_name"));
        assertThat(TestPg.column(copy, "auth_user", "id", "first_name")).isEqualTo(source.get("auth_user.first_name"));
    }

    @Test
    void hashIsDeterministicAcrossTablesSaltedAndFitsTheColumn() throws Exception {
        copy = dbs.copyOfAcme();
        TestPg.execute(copy,
                "CREATE TABLE crm_contact (id int PRIMARY KEY, email varchar(20), ref uuid)",
                "INSERT INTO crm_contact SELECT id, email, md5(email)::uuid FROM auth_user WHERE id <= 50",
                "CREATE TABLE billing.customer (id int PRIMARY KEY, email text, ref uuid)",
                "INSERT INTO billing.customer SELECT id, email, md5(email)::uuid FROM auth_user WHERE id BETWEEN 26 AND 75");
        Profile profile = masks(
                new MaskRule("crm_contact", List.of(new Strategy("email", HASH), new Strategy("ref", HASH)), null, TableAction.UPDATE),
                new MaskRule("billing.customer", List.of(new Strategy("email", HASH), new Strategy("ref", HASH)), null, TableAction.UPDATE));
        sanitize(profile);

        Map<String, String> crm = TestPg.column(copy, "crm_contact", "id", "email");
        Map<String, String> billing = TestPg.column(copy, "billing.customer", "id", "email");
        assertThat(billing.get("31")).hasSize(64).matches("[0-9a-f]+").startsWith(crm.get("31"));
        assertThat(crm.get("31")).hasSize(20);
        assertThat(new HashSet<>(billing.values())).hasSize(50); // distinct inputs stay distinct
        assertThat(TestPg.column(copy, "crm_contact", "id", "ref").get("40"))
                .isEqualTo(TestPg.column(copy, "billing.customer", "id", "ref").get("40"));
        // a join on the masked column still matches the same rows as before
        assertThat(TestPg.rows(copy, "SELECT count(*) AS n FROM crm_contact c JOIN billing.customer b ON b.ref = c.ref"))
                .containsExactly(Map.of("n", "25"));
        String hashed = billing.get("31");
        String original = source.get("auth_user.email").get("31");
        // HMAC-SHA-256 keyed by the salt-derived key, computed here with the JDK's own HMAC
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(SALT.getBytes(java.nio.charset.StandardCharsets.UTF_8), "HmacSHA256"));
        byte[] key = mac.doFinal("dbrestore mask key v2".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        mac.init(new javax.crypto.spec.SecretKeySpec(key, "HmacSHA256"));
        String expected = java.util.HexFormat.of().formatHex(mac.doFinal(("hash:" + original).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(hashed).isEqualTo(expected);
    }

    @Test
    void truncateAddsCascadeOnlyForReferencedTablesAndNamesWhatItEmpties() throws SQLException {
        copy = dbs.copyOfAcme();
        SanitizeResult result = sanitize(masks(
                new MaskRule("django_session", List.of(), null, TableAction.TRUNCATE),
                new MaskRule("store_purchase", List.of(), null, TableAction.TRUNCATE)));

        assertThat(result.steps().get(0).detail()).isNull();
        assertThat(result.steps().get(1).detail()).isEqualTo(
                "CASCADE also empties the tables that reference it: billing.invoice, billing.refund, public.\"Order Items\", public.store_transaction");
        assertThat(progress.text()).contains("WARN truncate public.store_purchase: CASCADE also empties");
        Map<String, Long> counts = Fixtures.acmeRowCounts(copy);
        assertThat(counts).containsEntry("public.store_transaction", 0L).containsEntry("billing.invoice", 0L)
                .containsEntry("public.Order Items", 0L).containsEntry("public.auth_user", 500L)
                .containsEntry("public.daily_sales", 0L); // refreshed from the emptied table
    }

    @Test
    void deleteWithWhereRemovesOnlyThoseRows() throws SQLException {
        copy = dbs.copyOfAcme();
        SanitizeResult result = sanitize(masks(new MaskRule("newsletter_subscriber", List.of(), "id > 100", TableAction.DELETE)));
        assertThat(result.steps().get(0).rows()).isEqualTo(200);
        assertThat(Fixtures.acmeRowCounts(copy)).containsEntry("public.newsletter_subscriber", 100L);
    }
}
