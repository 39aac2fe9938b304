package dev.dbrestore.sanitize;

import dev.dbrestore.config.PiiCheckMode;
import dev.dbrestore.config.Profile;
import dev.dbrestore.sanitize.ColumnCoverage.Gap;
import dev.dbrestore.sanitize.ColumnCoverage.SchemaColumn;
import dev.dbrestore.sanitize.ColumnCoverage.SchemaTable;
import dev.dbrestore.sanitize.SanitizeResult.PiiFinding;
import dev.dbrestore.testing.RecordingProgress;
import dev.dbrestore.testing.TestPg;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * piiCheck: strict is fail-closed: only a mask rule, safeColumns, or a statement that assigns,
 * empties or drops covers a column. Against the real acme copy, and through the schema-only API.
 */
class StrictCoverageTest {
    @RegisterExtension
    final TestPg.Databases dbs = TestPg.databasesOfEachTest("t_cov_");
    @TempDir
    Path dir;
    private final RecordingProgress progress = new RecordingProgress();

    /** anonymize.sql, then {@code extra}, with acme's non-personal text columns listed as safe. */
    private SanitizeResult sanitize(String copy, String extra) throws IOException, SQLException {
        Files.copy(AnonymizeScriptTest.fixtureDir().resolve("anonymize.sql"), dir.resolve("anonymize.sql"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(dir.resolve("extra.sql"), extra);
        Profile profile = Profiles.profile(List.of("anonymize.sql", "extra.sql"), List.of(), List.of(),
                VerifyAndPiiCheckTest.ACME_SAFE);
        try (Connection c = TestPg.connect(copy)) {
            return new Sanitizer().sanitize(c, profile, Profiles.settings(PiiCheckMode.STRICT, "salt-for-tests"), dir, progress);
        }
    }

    @Test
    void aSelectOfANewColumnDoesNotCoverItAnUpdateSetDoes() throws Exception {
        String copy = dbs.copyOfAcme();
        TestPg.execute(copy, "ALTER TABLE auth_user ADD COLUMN recovery_email text",
                "UPDATE auth_user SET recovery_email = 'r' || email");

        SanitizeFailed failure = catchThrowableOfType(() -> sanitize(copy,
                "SELECT recovery_email FROM auth_user;\nSELECT count(*) FROM auth_user WHERE recovery_email IS NOT NULL;\n"),
                SanitizeFailed.class);
        assertThat(failure.result().piiFindings()).extracting(PiiFinding::table, PiiFinding::column, PiiFinding::nonNullValues)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("public.auth_user", "recovery_email", 500L));
        assertThat(failure).hasMessageContaining("public.auth_user.recovery_email")
                .hasMessageContaining("extra.sql").hasMessageContaining("does not cover");

        String second = dbs.copyOfAcme();
        TestPg.execute(second, "ALTER TABLE auth_user ADD COLUMN recovery_email text",
                "UPDATE auth_user SET recovery_email = 'r' || email");
        SanitizeResult clean = sanitize(second, "UPDATE auth_user SET recovery_email = NULL WHERE recovery_email IS NOT NULL;\n");
        assertThat(clean.piiFindings()).isEmpty();
    }

    @Test
    void anAnonymizeScriptThatOnlyReadsEmailLeavesAuthUserEmailUncovered() throws Exception {
        // the auth_user UPDATE of anonymize.sql, with email only read (in its WHERE), not set
        String copy = dbs.copyOfAcme();
        String script = Files.readString(AnonymizeScriptTest.fixtureDir().resolve("anonymize.sql"))
                .replace("  , email      = 'user' || id || '@example.invalid'\n", "");
        assertThat(script).contains("WHERE email NOT ILIKE");
        Files.writeString(dir.resolve("anonymize.sql"), script);
        Files.writeString(dir.resolve("extra.sql"), "SELECT email FROM auth_user;\n");
        Profile profile = Profiles.profile(List.of("anonymize.sql", "extra.sql"), List.of(), List.of(), VerifyAndPiiCheckTest.ACME_SAFE);
        SanitizeFailed failure = catchThrowableOfType(() -> {
            try (Connection c = TestPg.connect(copy)) {
                new Sanitizer().sanitize(c, profile, Profiles.settings(PiiCheckMode.STRICT, "s"), dir, progress);
            }
        }, SanitizeFailed.class);
        assertThat(failure.result().piiFindings()).extracting(f -> f.table() + "." + f.column())
                .containsExactly("public.auth_user.email");

        // warn/fail keep the looser rule: a statement that mentions table and column covers it
        String other = dbs.copyOfAcme();
        try (Connection c = TestPg.connect(other)) {
            SanitizeResult loose = new Sanitizer().sanitize(c, profile, Profiles.settings(PiiCheckMode.FAIL, "s"), dir, progress);
            assertThat(loose.piiFindings()).isEmpty();
        }
    }

    @Test
    void theSchemaOnlyApiListsUncoveredColumnsAndNamesThatDoNotExist() throws IOException {
        Files.writeString(dir.resolve("s.sql"), """
                SELECT email FROM auth_user;
                UPDATE auth_user SET phone = NULL WHERE email IS NOT NULL;
                TRUNCATE django_session;
                ALTER TABLE billing.invoice DROP COLUMN notes;
                """);
        List<SchemaTable> schema = List.of(
                new SchemaTable("public", "auth_user", List.of(new SchemaColumn("id", "integer"),
                        new SchemaColumn("email", "character varying(254)"), new SchemaColumn("phone", "character varying(32)"),
                        new SchemaColumn("first_name", "text"), new SchemaColumn("username", "text"),
                        new SchemaColumn("tags", "text[]"), new SchemaColumn("is_staff", "boolean"))),
                new SchemaTable("public", "django_session", List.of(new SchemaColumn("session_data", "text"))),
                new SchemaTable("billing", "invoice", List.of(new SchemaColumn("notes", "jsonb"),
                        new SchemaColumn("amount", "numeric(10,2)"), new SchemaColumn("lines", "jsonb"))));
        Map<String, List<String>> safe = new HashMap<>(Map.of("auth_user", List.of("username", "nickname"), "nowhere", List.of("x")));
        Profile profile = new Profile("prod", true, null, List.of("s.sql"),
                List.of(new dev.dbrestore.config.MaskRule("auth_user", List.of(
                        new dev.dbrestore.config.MaskRule.Strategy("first_name", dev.dbrestore.config.MaskRule.Strategy.Kind.NULL)),
                        null, null)), safe, List.of(), List.of(), null, dev.dbrestore.config.Settings.empty());

        ColumnCoverage.Result result = ColumnCoverage.analyse(schema, profile, PiiCheckMode.STRICT, dir);

        assertThat(result.uncovered()).extracting(Gap::table, Gap::column).containsExactly(
                org.assertj.core.groups.Tuple.tuple("public.auth_user", "email"),
                org.assertj.core.groups.Tuple.tuple("public.auth_user", "tags"),
                org.assertj.core.groups.Tuple.tuple("billing.invoice", "lines"));
        assertThat(result.uncovered().get(0).reason()).isEqualTo("name looks personal (email)");
        assertThat(result.uncovered().get(1).reason()).isEqualTo(ColumnCoverage.STRICT_REASON);
        assertThat(result.unknownNames()).hasSize(2)
                .anyMatch(p -> p.contains("nickname")).anyMatch(p -> p.contains("nowhere"));

        // warn mode: only the personal-looking names, and a mention covers
        assertThat(ColumnCoverage.analyse(schema, profile, PiiCheckMode.WARN, dir).uncovered()).isEmpty();
    }
}
