package dev.dbrestore.sanitize;

import dev.dbrestore.config.MaskRule;
import dev.dbrestore.config.PiiCheckMode;
import dev.dbrestore.config.Profile;
import dev.dbrestore.sanitize.SanitizeResult.PiiFinding;
import dev.dbrestore.sanitize.SanitizeResult.Verification;
import dev.dbrestore.testing.RecordingProgress;
import dev.dbrestore.testing.TestPg;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** verify: queries and the PII check catching what the rules missed. */
class VerifyAndPiiCheckTest {
    /** Everything text-like in acme that anonymize.sql neither touches nor truncates, and that holds nothing personal. */
    static final Map<String, List<String>> ACME_SAFE = Map.of(
            "auth_user", List.of("username"),
            "django_migrations", List.of("app", "name"),
            "store_purchase", List.of("tags", "metadata"),
            "Order Items", List.of("SKU"),
            "document", List.of("name", "mime", "body", "sha256"),
            "export_file", List.of("name"),
            "event_log", List.of("kind", "payload"),
            "billing.invoice", List.of("currency", "lines"),
            "billing.subscription", List.of("plan"),
            PiiCheck.LARGE_OBJECTS, List.of());

    private static Map<String, String> sourcePhones;
    @RegisterExtension
    final TestPg.Databases dbs = TestPg.databasesOfEachTest("t_san_");
    private String copy;
    private final RecordingProgress progress = new RecordingProgress();

    @BeforeAll
    static void readSource() throws SQLException {
        sourcePhones = TestPg.column(TestPg.acmeTemplate(), "store_purchase", "id", "phone");
    }

    private SanitizeResult sanitize(Profile profile, PiiCheckMode mode) throws SQLException {
        try (Connection c = TestPg.connect(copy)) {
            return new Sanitizer().sanitize(c, profile, Profiles.settings(mode, "salt-for-tests"),
                    AnonymizeScriptTest.fixtureDir(), progress);
        }
    }

    /** The mask: version of anonymize.sql, with store_purchase.phone forgotten. */
    private static List<MaskRule> rulesMissingPurchasePhone() {
        return MaskRulesTest.anonymizeAsRules().stream().map(rule -> !rule.table().equals("store_purchase") ? rule
                : new MaskRule(rule.table(), rule.columns().stream().filter(c -> !c.column().equals("phone")).toList(),
                        rule.where(), rule.action())).toList();
    }

    @Test
    void aMissedColumnIsCaughtByVerifyWithTheValuesRedactedToTheirShape() throws SQLException {
        copy = dbs.copyOfAcme();
        Profile profile = Profiles.profile(List.of(), rulesMissingPurchasePhone(), List.of(
                "select count(*) from auth_user where email not like '%@example.invalid'",
                "select id, phone from store_purchase where phone like '+44 20 7946 %' order by id"),
                Map.of("auth_user", List.of("username")));

        SanitizeFailed failure = catchThrowableOfType(() -> sanitize(profile, PiiCheckMode.WARN), SanitizeFailed.class);

        String firstPhone = sourcePhones.get("1");
        assertThat(firstPhone).startsWith("+44 20 7946 ");
        assertThat(failure.getMessage()).contains("verify: select id, phone from store_purchase where phone like "
                + "'+44 20 7946 %' order by id -> 600 offending row(s), e.g. (#, +## ## #### ####), (#, +## ## #### ####)");
        for (String phone : sourcePhones.values()) {
            if (phone != null) {
                assertThat(failure.getMessage()).doesNotContain(phone.substring(phone.length() - 4));
            }
        }
        List<Verification> verifications = failure.result().verifications();
        assertThat(verifications).extracting(Verification::passed).containsExactly(true, false);
        assertThat(verifications.get(1).offendingRows()).isEqualTo(600);
        // separately, the PII check names the column (warn mode: reported, the failure comes from verify)
        assertThat(failure.result().piiFindings())
                .containsExactly(new PiiFinding("public.store_purchase", "phone", "character varying(32)", "name looks personal (phone)", 600));
    }

    @Test
    void thePiiCheckReportsTheMissedColumnAndFailsInFailMode() throws SQLException {
        copy = dbs.copyOfAcme();
        Profile profile = Profiles.profile(List.of(), rulesMissingPurchasePhone(), List.of(), Map.of("auth_user", List.of("username")));

        SanitizeFailed failure = catchThrowableOfType(() -> sanitize(profile, PiiCheckMode.FAIL), SanitizeFailed.class);

        assertThat(failure).hasMessageContaining("PII check (fail): public.store_purchase.phone (character varying(32), "
                + "600 non-null values): name looks personal (phone)");
        assertThat(failure.result().piiFindings()).extracting(PiiFinding::column).containsExactly("phone");
        assertThat(failure.result().verifications()).isEmpty();
    }

    @Test
    void warnModeOnlyWarns() throws SQLException {
        copy = dbs.copyOfAcme();
        SanitizeResult result = sanitize(Profiles.profile(List.of(), rulesMissingPurchasePhone(), List.of(), Map.of()), PiiCheckMode.WARN);
        assertThat(result.piiFindings()).extracting(f -> f.table() + "." + f.column())
                .containsExactlyInAnyOrder("public.store_purchase.phone", "public.auth_user.username");
        assertThat(progress.text()).contains("WARN PII check: public.store_purchase.phone");
    }

    @Test
    void strictPassesWhenEveryTextColumnIsAccountedForAndFailsForAColumnAddedLater() throws SQLException {
        Profile profile = Profiles.profile(List.of("anonymize.sql"), List.of(), List.of(), ACME_SAFE);
        copy = dbs.copyOfAcme();
        SanitizeResult clean = sanitize(profile, PiiCheckMode.STRICT);
        assertThat(clean.piiFindings()).isEmpty();
        dbs.drop(copy);

        // production grows a column after the rules were written
        copy = dbs.copyOfAcme();
        TestPg.execute(copy, "ALTER TABLE store_purchase ADD COLUMN gift_message text",
                "UPDATE store_purchase SET gift_message = 'Happy birthday, ' || first_name WHERE id % 2 = 0");

        SanitizeFailed failure = catchThrowableOfType(() -> sanitize(profile, PiiCheckMode.STRICT), SanitizeFailed.class);
        assertThat(failure.result().piiFindings()).containsExactly(new PiiFinding("public.store_purchase", "gift_message", "text",
                ColumnCoverage.STRICT_REASON, 400));
        // names the column and where to cover it: the profile in the YAML, or the sanitize file
        assertThat(failure).hasMessageContaining("PII check (strict): public.store_purchase.gift_message (text, 400 non-null values)")
                .hasMessageContaining("profile 'prod' of the YAML file").hasMessageContaining("safeColumns:")
                .hasMessageContaining("sanitize file (anonymize.sql)");
    }

    @Test
    void strictWithoutSafeColumnsListsEveryUncoveredTextColumnAndTheLargeObjects() throws SQLException {
        copy = dbs.copyOfAcme();
        SanitizeFailed failure = catchThrowableOfType(() -> sanitize(
                Profiles.profile(List.of("anonymize.sql"), List.of(), List.of(), Map.of()), PiiCheckMode.STRICT), SanitizeFailed.class);
        List<String> reported = failure.result().piiFindings().stream()
                .map(f -> f.column() == null ? f.table() : f.table() + "." + f.column()).toList();
        assertThat(reported).containsExactlyInAnyOrder("public.auth_user.username", "public.django_migrations.app",
                "public.django_migrations.name", "public.store_purchase.tags", "public.store_purchase.metadata",
                "public.\"Order Items\".SKU", "public.document.name", "public.document.mime", "public.document.body",
                "public.document.sha256", "public.export_file.name", "public.event_log.kind", "public.event_log.payload",
                "billing.invoice.currency", "billing.invoice.lines", "billing.subscription.plan", "pg_largeobject");
    }

    @Test
    void aMaterializedViewBuiltFromPersonalDataIsRebuiltFromTheSanitizedTables() throws SQLException {
        copy = dbs.copyOfAcme();
        TestPg.execute(copy, "CREATE MATERIALIZED VIEW customer_emails AS SELECT id, email FROM auth_user",
                "CREATE MATERIALIZED VIEW email_domains AS SELECT split_part(email, '@', 2) AS domain, count(*) FROM customer_emails GROUP BY 1");
        SanitizeResult result = sanitize(Profiles.profile(List.of("anonymize.sql"), List.of(),
                List.of("select 1 from customer_emails where email not like '%@example.invalid'",
                        "select domain from email_domains where domain <> 'example.invalid'"), Map.of()), PiiCheckMode.OFF);
        assertThat(result.refreshedMaterializedViews()).containsExactly("public.customer_emails", "public.daily_sales", "public.email_domains");
        assertThat(result.verificationsPassed()).isTrue();
    }

}
