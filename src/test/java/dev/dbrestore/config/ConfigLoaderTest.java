package dev.dbrestore.config;

import dev.dbrestore.config.MaskRule.Constant;
import dev.dbrestore.config.MaskRule.Expression;
import dev.dbrestore.config.MaskRule.Strategy;
import dev.dbrestore.config.MaskRule.TableAction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.dbrestore.config.Yamls.load;
import static dev.dbrestore.config.Yamls.profile;
import static org.assertj.core.api.Assertions.assertThat;

class ConfigLoaderTest {

    /** The example of DESIGN.md, verbatim. */
    static final String DESIGN_EXAMPLE = """
            version: 1
            project: acme                       # used by the naming pattern
            defaultProfile: prod
            target:                             # the PostgreSQL to restore INTO
              url: ${env:DATABASE_ADMIN_URL:-postgres://localhost:5432/postgres}
              # or: host, port, user, password (password also from PGPASSWORD / ~/.pgpass)
            naming: "{project}_{profile}_{date:yyyyMMdd}"
            onExists: fail
            envFile: .envrc                     # optional: keep DATABASE_URL there pointing at the new copy
            prune: { keep: 3 }                  # or olderThan: 30d; applied after each successful restore when autoPrune: true
            profiles:
              prod:
                sensitive: true                 # refuses to finish without sanitization
                source:
                  heroku: { app: acme-production }        # newest successful backup; backup: b042 for a given one
                sanitize:                                  # run in this order, each file in its own transaction;
                  - sql/anonymize.sql                      # a folder entry runs its *.sql files sorted by name
                  - sql/truncate-sessions.sql
                mask:                                      # declarative rules, run after the SQL files
                  auth_user:
                    email: "'user' || id || '@example.com'"     # an SQL expression
                    first_name: scramble                        # built-in strategies, see below
                    password: { value: "pbkdf2_sha256$…" }
                    where: "email not ilike '%customer%'"
                  django_session: truncate
                safeColumns:                               # not personal; for piiCheck: strict
                  auth_user: [id, is_staff, date_joined]
                excludeTableData: [django_session, audit_log]   # schema restored, rows skipped while streaming
                verify:                                    # each must return zero rows or false/0
                  - "select 1 from auth_user where email not like '%@example.com'"
                publish:                                   # for `publish`: where sanitized dumps go
                  s3: { bucket: acme-sanitized, prefix: prod/ }
                  keep: 7
              staging:
                source:
                  s3: { bucket: acme-backups, prefix: staging/, region: us-east-1 }   # newest object under prefix
                naming: "acme_stage_{date:yyyyMMdd}"
              downloads:
                source:
                  file: ~/Downloads/*.dump                 # newest match
            """;

    @Test
    void theDesignExampleParsesIntoTheModel() {
        ConfigFile config = load(DESIGN_EXAMPLE);

        assertThat(config.file()).isEqualTo(Path.of("/project/restore-profiles.yml"));
        assertThat(config.version()).isEqualTo(1);
        assertThat(config.project()).isEqualTo("acme");
        assertThat(config.defaultProfile()).isEqualTo("prod");
        assertThat(config.profiles()).containsOnlyKeys("prod", "staging", "downloads");
        assertThat(config.profiles().keySet()).containsExactly("prod", "staging", "downloads");

        Settings top = config.settings();
        assertThat(top.target()).isEqualTo(new TargetSpec("postgres://localhost:5432/postgres", null, null, null, null, null));
        assertThat(top.naming()).isEqualTo("{project}_{profile}_{date:yyyyMMdd}");
        assertThat(top.onExists()).isEqualTo(OnExists.FAIL);
        assertThat(top.envFile()).isEqualTo(".envrc");
        assertThat(top.prune()).isEqualTo(new PruneSpec(3, null));
        assertThat(top.autoPrune()).isNull();
        assertThat(top.engine()).isNull();

        Profile prod = config.profile("prod");
        assertThat(prod.name()).isEqualTo("prod");
        assertThat(prod.sensitive()).isTrue();
        assertThat(prod.source()).isEqualTo(new SourceSpec.Heroku("acme-production", null, null, null));
        assertThat(prod.sanitize()).containsExactly("sql/anonymize.sql", "sql/truncate-sessions.sql");
        assertThat(prod.mask()).containsExactly(
                new MaskRule("auth_user", List.of(
                        new Expression("email", "'user' || id || '@example.com'"),
                        new Strategy("first_name", Strategy.Kind.SCRAMBLE),
                        new Constant("password", "pbkdf2_sha256$…")),
                        "email not ilike '%customer%'", TableAction.UPDATE),
                new MaskRule("django_session", List.of(), null, TableAction.TRUNCATE));
        assertThat(prod.safeColumns()).containsExactly(Map.entry("auth_user", List.of("id", "is_staff", "date_joined")));
        assertThat(prod.excludeTableData()).containsExactly("django_session", "audit_log");
        assertThat(prod.verify()).containsExactly("select 1 from auth_user where email not like '%@example.com'");
        assertThat(prod.publish()).isEqualTo(new PublishSpec(
                new SourceSpec.S3("acme-sanitized", null, "prod/", null, null, null, false, null), null, 7));
        assertThat(prod.settings()).isEqualTo(Settings.empty());

        Profile staging = config.profile("staging");
        assertThat(staging.sensitive()).isFalse();
        assertThat(staging.source()).isEqualTo(new SourceSpec.S3("acme-backups", null, "staging/", null, "us-east-1", null, false, null));
        assertThat(staging.settings().naming()).isEqualTo("acme_stage_{date:yyyyMMdd}");
        assertThat(staging.sanitize()).isEmpty();
        assertThat(staging.mask()).isEmpty();
        assertThat(staging.publish()).isNull();

        assertThat(config.profile("downloads").source()).isEqualTo(new SourceSpec.File("~/Downloads/*.dump"));
        assertThat(config.profile(null)).isSameAs(prod);
    }

    @Test
    void theDesignExampleTakesTheTargetFromTheEnvironmentWhenSet() {
        ConfigFile config = load(DESIGN_EXAMPLE, Map.of(), Map.of("DATABASE_ADMIN_URL", "postgres://db:6543/admin"));

        assertThat(config.settings().target().url()).isEqualTo("postgres://db:6543/admin");
    }

    @Test
    void everySettingIsReadAtTheTopLevelAndInAProfile() {
        String settings = """
                target: { host: db.local, port: 6543, user: me, password: pw-secret, database: postgres }
                naming: "{project}_{today:yyyyMMdd}"
                onExists: suffix
                envFile: .env
                prune: { keep: 0, olderThan: 30d }
                autoPrune: true
                cache: [template, download]
                pgBin: /usr/lib/postgresql/16/bin
                engine: pg_restore
                createMissingRoles: false
                piiCheck: off
                keepFailed: yes
                hashSalt: pepper
                """;
        Settings expected = new Settings(new TargetSpec(null, "db.local", 6543, "me", "pw-secret", "postgres"),
                "{project}_{today:yyyyMMdd}", OnExists.SUFFIX, ".env", new PruneSpec(0, Duration.ofDays(30)), true,
                List.of("template", "download"), "/usr/lib/postgresql/16/bin", "pg_restore", false, PiiCheckMode.OFF,
                true, "pepper", null);

        ConfigFile atTop = load(settings + profile("source: { file: a.dump }"));
        ConfigFile inProfile = load(profile("source: { file: a.dump }\n" + settings));

        assertThat(atTop.settings()).isEqualTo(expected);
        assertThat(atTop.profile("p").settings()).isEqualTo(Settings.empty());
        assertThat(inProfile.settings()).isEqualTo(Settings.empty());
        assertThat(inProfile.profile("p").settings()).isEqualTo(expected);
    }

    @Test
    void aTargetNamesItsSettingsXmlServerItsServiceAndItsParameters() {
        ConfigFile config = load("""
                target:
                  url: postgres://db.dev.example.com/postgres
                  serverId: dev-pg
                  service: dev
                  params: { sslmode: verify-full, sslrootcert: /ca.pem }
                """ + profile("source: { file: a.dump }"));

        assertThat(config.settings().target()).isEqualTo(new TargetSpec("postgres://db.dev.example.com/postgres",
                null, null, null, null, null, "dev-pg", "dev", Map.of("sslmode", "verify-full", "sslrootcert", "/ca.pem")));
    }

    @Test
    void shortFormsMeanTheirLongForms() {
        ConfigFile config = load("""
                target: postgres://localhost/postgres
                cache: template
                profiles:
                  heroku: { source: { heroku: acme-production } }
                  file: { source: { file: { path: dumps/latest.dump } } }
                  command: { source: { command: "ssh backup cat latest.dump" } }
                  commandMap: { source: { command: { command: "cat x.dump" } } }
                  url: { source: { url: "https://example.com/x.dump" } }
                  sanitize: { source: { file: a.dump }, sanitize: sql/one.sql, verify: "select 1 where false" }
                """);

        assertThat(config.settings().target().url()).isEqualTo("postgres://localhost/postgres");
        assertThat(config.settings().cache()).containsExactly("template");
        assertThat(config.profile("heroku").source()).isEqualTo(new SourceSpec.Heroku("acme-production", null, null, null));
        assertThat(config.profile("file").source()).isEqualTo(new SourceSpec.File("dumps/latest.dump"));
        assertThat(config.profile("command").source()).isEqualTo(new SourceSpec.Command("ssh backup cat latest.dump"));
        assertThat(config.profile("commandMap").source()).isEqualTo(new SourceSpec.Command("cat x.dump"));
        assertThat(config.profile("url").source()).isEqualTo(new SourceSpec.Url("https://example.com/x.dump", Map.of()));
        assertThat(config.profile("sanitize").sanitize()).containsExactly("sql/one.sql");
        assertThat(config.profile("sanitize").verify()).containsExactly("select 1 where false");
    }

    @Test
    void sourcesTakeAllTheirKeys() {
        ConfigFile config = load("""
                profiles:
                  heroku:
                    source:
                      heroku: { app: acme, backup: b042, serverId: heroku-acme, apiUrl: "http://127.0.0.1:8089" }
                  s3key:
                    source:
                      s3: { bucket: b, key: prod/latest.dump, region: eu-west-1, endpoint: "http://minio:9000", pathStyle: true, serverId: s3-acme }
                  s3glob:
                    source:
                      s3: { bucket: b, prefix: prod/, glob: "*.dump.gz" }
                  url:
                    source:
                      url:
                        url: https://backups.example.com/latest.dump
                        headers: { Authorization: "Bearer ${env:TOKEN}", X-Trace: "1" }
                """, Map.of(), Map.of("TOKEN", "tok-123456"));

        assertThat(config.profile("heroku").source()).isEqualTo(new SourceSpec.Heroku("acme", "b042", "heroku-acme", "http://127.0.0.1:8089"));
        assertThat(config.profile("s3key").source()).isEqualTo(new SourceSpec.S3("b", "prod/latest.dump", null, null,
                "eu-west-1", "http://minio:9000", true, "s3-acme"));
        assertThat(config.profile("s3glob").source()).isEqualTo(new SourceSpec.S3("b", null, "prod/", "*.dump.gz", null, null, false, null));
        SourceSpec.Url url = (SourceSpec.Url) config.profile("url").source();
        assertThat(url.url()).isEqualTo("https://backups.example.com/latest.dump");
        assertThat(url.headers()).containsExactly(Map.entry("Authorization", "Bearer tok-123456"), Map.entry("X-Trace", "1"));
    }

    @Test
    void maskRulesKeepTheirOrderAndEveryForm() {
        ConfigFile config = load(profile("""
                source: { file: a.dump }
                mask:
                  billing.invoice:
                    note: ~
                    phone: null
                    street: "null"
                    email: email
                    ssn: hash
                    token: { value: ~ }
                    status: { value: 0 }
                    label: { value: "n/a" }
                    iban: "'DE00' || lpad(id::text, 18, '0')"
                  "Order Items": truncate
                  audit_log: { delete: "created_at < now() - interval '1 year'" }
                  auth_user: { first_name: scramble }
                """));

        List<MaskRule> mask = config.profile("p").mask();
        assertThat(mask).extracting(MaskRule::table).containsExactly("billing.invoice", "Order Items", "audit_log", "auth_user");
        assertThat(mask.get(0)).isEqualTo(new MaskRule("billing.invoice", List.of(
                new Strategy("note", Strategy.Kind.NULL),
                new Strategy("phone", Strategy.Kind.NULL),
                new Strategy("street", Strategy.Kind.NULL),
                new Strategy("email", Strategy.Kind.EMAIL),
                new Strategy("ssn", Strategy.Kind.HASH),
                new Constant("token", null),
                new Constant("status", "0"),
                new Constant("label", "n/a"),
                new Expression("iban", "'DE00' || lpad(id::text, 18, '0')")), null, TableAction.UPDATE));
        assertThat(mask.get(1)).isEqualTo(new MaskRule("Order Items", List.of(), null, TableAction.TRUNCATE));
        assertThat(mask.get(2)).isEqualTo(new MaskRule("audit_log", List.of(), "created_at < now() - interval '1 year'", TableAction.DELETE));
        assertThat(mask.get(3).columns()).containsExactly(new Strategy("first_name", Strategy.Kind.SCRAMBLE));
    }

    @Test
    void durationsComeInSeveralUnits() {
        assertThat(olderThan("12h")).isEqualTo(Duration.ofHours(12));
        assertThat(olderThan("90m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(olderThan("2w")).isEqualTo(Duration.ofDays(14));
        assertThat(olderThan("1d12h")).isEqualTo(Duration.ofHours(36));
        assertThat(olderThan("P3D")).isEqualTo(Duration.ofDays(3));
    }

    private static Duration olderThan(String text) {
        return load("prune: { olderThan: " + text + " }\n" + profile("source: { file: a.dump }")).settings().prune().olderThan();
    }

    @Test
    void versionDefaultsToOneAndOptionalEmptyValuesCountAsUnset() {
        ConfigFile config = load("""
                envFile:
                profiles:
                  p:
                    source: { heroku: { app: acme, backup: ~ } }
                    sanitize:
                """);

        assertThat(config.version()).isEqualTo(1);
        assertThat(config.settings().envFile()).isNull();
        assertThat(config.profile("p").source()).isEqualTo(new SourceSpec.Heroku("acme", null, null, null));
        assertThat(config.profile("p").sanitize()).isEmpty();
    }

    @Test
    void yamlMergeKeysShareSettingsBetweenProfiles() {
        ConfigFile config = load("""
                profiles:
                  prod: &common
                    sensitive: true
                    source: { heroku: acme-production }
                    sanitize: [sql/anonymize.sql]
                  prod-eu:
                    <<: *common
                    source: { heroku: acme-eu }
                """);

        Profile eu = config.profile("prod-eu");
        assertThat(eu.sensitive()).isTrue();
        assertThat(eu.sanitize()).containsExactly("sql/anonymize.sql");
        assertThat(eu.source()).isEqualTo(new SourceSpec.Heroku("acme-eu", null, null, null));
    }

    @Test
    void loadingAFileKeepsItsAbsolutePathAndRelativeEntriesAsWritten(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("restore-profiles.yml");
        Files.writeString(file, profile("source: { file: dumps/a.dump }\nsanitize: [sql/anonymize.sql]"));

        ConfigFile config = ConfigLoader.load(file, Interpolator.empty());

        assertThat(config.file()).isEqualTo(file.toAbsolutePath());
        assertThat(config.profile("p").sanitize()).containsExactly("sql/anonymize.sql");
        assertThat(config.resolve("sql/anonymize.sql")).isEqualTo(dir.resolve("sql/anonymize.sql"));
    }
}
