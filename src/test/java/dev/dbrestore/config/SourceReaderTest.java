package dev.dbrestore.config;

import dev.dbrestore.support.Redactor;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.dbrestore.config.Yamls.errorOf;
import static dev.dbrestore.config.Yamls.load;
import static dev.dbrestore.config.Yamls.profile;
import static org.assertj.core.api.Assertions.assertThat;

/** The YAML of {@code heroku: { capture: true }} and of the {@code database:} source. */
class SourceReaderTest {

    private static SourceSpec sourceOf(String profileBody) {
        return load(profile(profileBody)).profile("p").source();
    }

    @Test
    void herokuCaptureWithItsTimeout() {
        assertThat(sourceOf("source: { heroku: { app: acme-production, capture: true, captureTimeout: 45m } }"))
                .isEqualTo(new SourceSpec.Heroku("acme-production", null, null, null, true, Duration.ofMinutes(45)));
        SourceSpec.Heroku plain = (SourceSpec.Heroku) sourceOf("source: { heroku: acme-production }");
        assertThat(plain.capture()).isFalse();
        SourceSpec.Heroku noTimeout = (SourceSpec.Heroku) sourceOf("source: { heroku: { app: a, capture: true } }");
        assertThat(noTimeout.captureTimeoutOrDefault()).isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void captureContradictsANamedBackupAndATimeoutNeedsCapture() {
        assertThat(errorOf(profile("source: { heroku: { app: a, backup: b042, capture: true } }")))
                .contains("has both 'backup' and 'capture: true'");
        assertThat(errorOf(profile("source: { heroku: { app: a, captureTimeout: 10m } }")))
                .contains("has 'captureTimeout' but not 'capture: true'");
        assertThat(errorOf(profile("source: { heroku: { app: a, capture: true, captureTimeout: soon } }")))
                .contains("a duration like 30d");
        assertThat(errorOf(profile("source: { heroku: { app: a, capture: yes please } }")))
                .contains("true or false");
    }

    @Test
    void aDatabaseSourceInShortAndLongForm() {
        assertThat(sourceOf("source: { database: \"postgres://reader@replica.internal:5432/acme\" }"))
                .isEqualTo(new SourceSpec.Database("postgres://reader@replica.internal:5432/acme", null, List.of(), List.of()));
        assertThat(sourceOf("""
                source:
                      database:
                        url: postgresql://replica.internal/acme
                        serverId: acme-replica
                        schemas: [public, billing]
                        excludeTables: public.audit_log
                """)).isEqualTo(new SourceSpec.Database("postgresql://replica.internal/acme", "acme-replica",
                List.of("public", "billing"), List.of("public.audit_log")));
    }

    @Test
    void aDatabaseUrlsPasswordIsInNoDescriptionAndNeverLogged() {
        SourceSpec spec = load(profile("source: { database: \"${env:REPLICA_URL}\" }"), Map.of(),
                Map.of("REPLICA_URL", "postgres://reader:s3cr%40t-replica-pw@replica.internal:5432/acme?sslmode=require&password=x"))
                .profile("p").source();
        assertThat(spec.describe()).isEqualTo("database:postgres://reader@replica.internal:5432/acme");
        assertThat(Redactor.redact("connecting with s3cr@t-replica-pw")).doesNotContain("s3cr@t-replica-pw");
    }

    @Test
    void aDatabaseUrlFromAnUnsetVariableOfAnotherProfileIsNoError() {
        ConfigFile config = load("""
                profiles:
                  local:
                    source: { file: a.dump }
                  replica:
                    source: { database: "${env:REPLICA_URL}" }
                  replica2:
                    source: { database: { url: "${env:REPLICA_URL}" } }
                """);
        assertThat(config.profile("local").name()).isEqualTo("local");
    }

    @Test
    void aDatabaseSourceNeedsAPostgresUrl() {
        assertThat(errorOf(profile("source: { database: \"https://replica.internal/acme\" }")))
                .contains("must be a postgres:// or postgresql:// address");
        assertThat(errorOf(profile("source: { database: \"postgres://reader@replica.internal:5432\" }")))
                .contains("names no database");
        assertThat(errorOf(profile("source: { database: \"postgres://reader:p a#ss@replica.internal/acme\" }")))
                .contains("is not a valid URL");
        assertThat(errorOf(profile("source: { database: { serverId: x } }")))
                .contains("has no 'url'");
        assertThat(errorOf(profile("source: { database: { url: \"postgres://h/d\", tables: [a] } }")))
                .contains("unknown key 'tables'");
    }
}
