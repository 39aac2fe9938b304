package dev.dbrestore.app;

import dev.dbrestore.config.ConfigFile;
import dev.dbrestore.config.ConfigLoader;
import dev.dbrestore.config.Interpolator;
import dev.dbrestore.config.RunOptions;
import dev.dbrestore.db.ConnectionSettings;
import dev.dbrestore.sanitize.RuleFinding;
import dev.dbrestore.support.UserError;
import dev.dbrestore.testing.Fixtures;
import dev.dbrestore.testing.Pipelines;
import dev.dbrestore.testing.RecordingProgress;
import dev.dbrestore.testing.TestPg;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The validate goal's use case against the acme fixture's TOC (read from the real dump, no
 * restore) and against a live schema database on the real server.
 */
class ValidateProfileTest {
    @RegisterExtension
    static final TestPg.Databases DBS = TestPg.databases("t_validate_");

    @TempDir
    Path dir;

    private final RecordingProgress progress = new RecordingProgress();

    /** Every personal or text-like column of acme masked, emptied, or listed as safe. */
    static final String COMPLETE_RULES = """
            mask:
              auth_user:
                first_name: scramble
                last_name: scramble
                email: email
                phone: hash
                password: { value: "pbkdf2_sha256$600000$x$y" }
              newsletter_subscriber:
                name: scramble
                email: email
              store_purchase:
                first_name: scramble
                last_name: scramble
                email: email
                phone: hash
                address1: scramble
                address2: scramble
              store_transaction: { card_number: { value: "************0000" } }
              django_session: truncate
              django_cache: truncate
            verify:
              - "select 1 from auth_user where email not like '%@example.com'"
            safeColumns:
              auth_user: [username]
              django_migrations: [app, name]
              store_purchase: [tags, metadata]
              "Order Items": [SKU]
              document: [name, mime, body, sha256]
              export_file: [name]
              event_log: [kind, payload]
              billing.invoice: [currency, lines]
              billing.subscription: [plan]
              billing.refund: [reason]
              pg_largeobject: []
            """;

    private ConfigFile config(String profileBody) throws Exception {
        Files.copy(Fixtures.acme("acme-pg17.dump"), dir.resolve("acme.dump"));
        return config("{ file: acme.dump }", profileBody);
    }

    private ConfigFile config(String source, String profileBody) throws Exception {
        Path yml = dir.resolve("restore-profiles.yml");
        Files.writeString(yml, """
                version: 1
                project: acme
                profiles:
                  prod:
                    source: %s
                """.formatted(source) + profileBody.indent(4));
        return ConfigLoader.load(yml, new Interpolator(Map.of(), Map.of()));
    }

    private ValidateResult validate(ConfigFile config, String schemaFrom) {
        ValidateProfile validate = new ValidateProfile(new ValidateProfile.Context(progress,
                spec -> BackupSources.create(spec, Pipelines.sourceContext(progress, dir, Map.of())),
                Pipelines.connections(dir)));
        return validate.run(config, RunOptions.of(config.file()), schemaFrom);
    }

    @Test
    void aCompleteRuleSetPassesAgainstTheBackupsToc() throws Exception {
        ValidateResult result = validate(config(COMPLETE_RULES), null);

        assertThat(result.findings()).extracting(RuleFinding::line).isEmpty();
        assertThat(result.tables()).isEqualTo(16); // the TOC's TABLE entries, partitions included
        assertThat(result.schema()).isEqualTo("the TOC of backup acme.dump");
        assertThat(progress.text()).contains("Read the archive header and TOC of backup acme.dump", "is valid");
    }

    @Test
    void theTocOfABigDumpBehindAUrlIsReadWithoutDownloadingTheDump() throws Exception {
        Path big = dev.dbrestore.testing.BigDump.custom();
        dev.dbrestore.testing.RangeFileHandler served = new dev.dbrestore.testing.RangeFileHandler(big);
        com.sun.net.httpserver.HttpServer http = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext("/", served::handle);
        http.start();
        try {
            ValidateResult result = validate(config("{ url: \"http://127.0.0.1:" + http.getAddress().getPort()
                    + "/backups/big.dump\" }", COMPLETE_RULES), null);

            assertThat(result.findings()).isEmpty();
            assertThat(result.schema()).isEqualTo("the TOC of backup big.dump");
            assertThat(served.bytesSent.get()).isLessThan(Files.size(big) / 50);
        } finally {
            http.stop(0);
        }
    }

    @Test
    void aPlainDumpHasNoTocAndSaysToGiveASchemaDatabase() throws Exception {
        Files.copy(Fixtures.acme("acme-pg15.sql"), dir.resolve("acme.sql"));

        assertThatThrownBy(() -> validate(config("{ file: acme.sql }", COMPLETE_RULES), null))
                .isInstanceOf(UserError.class)
                .hasMessageContaining("Backup acme.sql of file:acme.sql is a plain SQL dump")
                .hasMessageContaining("-Ddbrestore.schemaFrom=");
    }

    @Test
    void aMaskSetMissingAuthUserEmailFailsNamingIt() throws Exception {
        ValidateResult result = validate(config(COMPLETE_RULES.replace("    email: email\n    phone: hash\n    password",
                "    phone: hash\n    password")), null);

        assertThat(result.findings()).extracting(RuleFinding::line).singleElement().asString()
                .startsWith("unmasked-column: public.auth_user.email: character varying(254), ");
        assertThatThrownBy(result::requirePassed).isInstanceOf(UserError.class)
                .hasMessageContaining("found 1 problem(s)")
                .hasMessageContaining("\n  unmasked-column: public.auth_user.email: ");
    }

    @Test
    void rulesNamingMissingTablesOrColumnsBrokenFilesAndBadVerifyQueriesAreEachOneLine() throws Exception {
        Files.writeString(dir.resolve("broken.sql"), "UPDATE auth_user SET email = 'x;\n");
        String rules = COMPLETE_RULES.replace("  newsletter_subscriber:\n", "  newsletter_subscribers:\n")
                .replace("address2: scramble", "address3: scramble")
                .replace("  billing.refund: [reason]", "  billing.refund: [reason, refund_note]")
                .replace("verify:\n", "verify:\n  - \"select 1; select 2\"\n  - \"select 'unterminated\"\n")
                + "sanitize: [broken.sql, missing.sql]\n";

        ValidateResult result = validate(config(rules), null);

        assertThat(result.findings()).extracting(RuleFinding::kind, RuleFinding::subject).containsExactly(
                org.assertj.core.groups.Tuple.tuple("sanitize-file", "broken.sql"),
                org.assertj.core.groups.Tuple.tuple("sanitize-file", "missing.sql"),
                org.assertj.core.groups.Tuple.tuple("mask-rule", "newsletter_subscribers"),
                org.assertj.core.groups.Tuple.tuple("mask-rule", "public.store_purchase.address3"),
                org.assertj.core.groups.Tuple.tuple("safe-columns", "billing.refund.refund_note"),
                org.assertj.core.groups.Tuple.tuple("unmasked-column", "public.store_purchase.address2"),
                org.assertj.core.groups.Tuple.tuple("unmasked-column", "public.newsletter_subscriber.name"),
                org.assertj.core.groups.Tuple.tuple("unmasked-column", "public.newsletter_subscriber.email"),
                org.assertj.core.groups.Tuple.tuple("verify-query", "verify[1]"),
                org.assertj.core.groups.Tuple.tuple("verify-query", "verify[2]"));
        assertThat(result.findings().get(2).message()).contains("does not exist in the TOC of backup acme.dump",
                "did you mean public.newsletter_subscriber?");
        assertThat(result.findings().get(0).message()).contains("broken.sql line 1: unterminated");
    }

    @Test
    void aSchemaDatabaseWithAColumnAddedByAMigrationFailsNamingIt() throws Exception {
        String database = DBS.copyOfAcme();
        ConfigFile config = config(COMPLETE_RULES);
        ConnectionSettings server = TestPg.server();
        String url = "postgres://" + server.user() + ":" + server.password() + "@" + server.host() + ":" + server.port()
                + "/" + database;
        assertThat(validate(config, url).findings()).extracting(RuleFinding::line).isEmpty();

        // the "migration": a new personal column, and a verify query now naming a dropped column
        TestPg.execute(database, "ALTER TABLE auth_user ADD COLUMN date_of_birth date",
                "ALTER TABLE store_purchase ADD COLUMN gift_message text");
        ConfigFile withVerify = ConfigLoader.load(config.file(), new Interpolator(Map.of(), Map.of()));
        ValidateResult result = validate(withVerify, "jdbc:postgresql://" + server.host() + ":" + server.port() + "/"
                + database + "?user=" + server.user() + "&password=" + server.password());

        assertThat(result.findings()).extracting(RuleFinding::subject)
                .containsExactly("public.auth_user.date_of_birth", "public.store_purchase.gift_message");
        assertThat(result.schema()).startsWith("the database " + database);
        assertThat(progress.text()).doesNotContain(server.password());
    }

    @Test
    void aVerifyQueryThatDoesNotPlanAgainstTheSchemaDatabaseIsAFinding() throws Exception {
        String database = DBS.copyOfAcme();
        ConfigFile config = config(COMPLETE_RULES.replace("where email not like", "where e_mail not like"));
        ConnectionSettings server = TestPg.server();

        ValidateResult result = validate(config, "postgres://" + server.user() + ":" + server.password() + "@"
                + server.host() + ":" + server.port() + "/" + database);

        assertThat(result.findings()).extracting(RuleFinding::line).singleElement().asString()
                .startsWith("verify-query: verify[1]: does not plan against the database " + database)
                .contains("e_mail");
    }
}
