package dev.dbrestore.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The documented reference file at the project root must stay loadable. */
class ConfigExampleFileTest {
    private static final Path EXAMPLE = Path.of("restore-profiles.yml.example");

    /**
     * Issue 17 item 5: copied as it is, the file works for one profile with only that profile's
     * variables set; another profile's missing variable is reported when that profile is chosen.
     */
    @Test
    void eachProfileNeedsOnlyItsOwnVariables() {
        ConfigFile config = ConfigLoader.load(EXAMPLE, new Interpolator(Map.of(), Map.of()));

        assertThat(config.profile("downloads").name()).isEqualTo("downloads");
        assertThat(config.profile("staging").name()).isEqualTo("staging");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> config.profile("nightly"))
                .isInstanceOf(dev.dbrestore.support.UserError.class)
                .hasMessageContaining("environment variable BACKUPS_TOKEN is not set");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> config.profile("prod"))
                .hasMessageContaining("DBRESTORE_HASH_SALT");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> config.profile("nightlly"))
                .hasMessageContaining("Did you mean 'nightly'?");
    }

    /** The publish goal does not exist yet: the reference file must not promise it. */
    @Test
    void theReferenceFileDoesNotPromiseAGoalThatDoesNotExist() throws Exception {
        assertThat(java.nio.file.Files.readString(EXAMPLE)).doesNotContain("publish");
    }

    @Test
    void theReferenceFileLoads() {
        Interpolator interpolator = new Interpolator(Map.of(),
                Map.of("DBRESTORE_HASH_SALT", "salt-from-env", "BACKUPS_TOKEN", "token-from-env"));

        ConfigFile config = ConfigLoader.load(EXAMPLE, interpolator);

        assertThat(config.file()).isEqualTo(EXAMPLE.toAbsolutePath());
        assertThat(config.profiles().keySet()).containsExactly("prod", "staging", "minio", "downloads", "nightly", "replica", "ssh");
        assertThat(config.effectiveSettings(config.profile("prod")).hashSalt()).isEqualTo("salt-from-env");
        assertThat(config.settings().prune()).isEqualTo(new PruneSpec(3, Duration.ofDays(30)));
        assertThat(config.settings().target().url()).isEqualTo("postgres://localhost:5432/postgres");

        Profile prod = config.profile(null);
        assertThat(prod.name()).isEqualTo("prod");
        assertThat(prod.mask()).extracting(MaskRule::table)
                .containsExactly("auth_user", "store_order", "billing.invoice", "django_session", "Audit Log");
        assertThat(prod.mask().get(0).columns()).contains(new MaskRule.Constant("password", "pbkdf2_sha256$260000$fixed$hash"),
                new MaskRule.Strategy("first_name", MaskRule.Strategy.Kind.FIRST_NAME),
                new MaskRule.Strategy("birth_date", MaskRule.Strategy.Kind.DATE_SHIFT, 90),
                new MaskRule.Strategy("salary", MaskRule.Strategy.Kind.NUMBER_NOISE, 5),
                new MaskRule.Strategy("phone", MaskRule.Strategy.Kind.PHONE));
        assertThat(prod.safeColumns().get("billing.invoice")).isEqualTo(List.of("currency"));
        assertThat(config.effectiveSettings(prod).piiCheck()).isEqualTo(PiiCheckMode.STRICT);

        assertThat(config.profile("staging").settings().cache()).isEmpty();
        assertThat(((SourceSpec.Url) config.profile("nightly").source()).headers())
                .containsEntry("Authorization", "Bearer token-from-env");
        assertThat(config.effectiveSettings(config.profile("ssh")).target().port()).isEqualTo(5433);
        assertThat(config.profile("replica").source()).isEqualTo(new SourceSpec.Database(
                "postgres://reader@replica.internal:5432/acme", "acme-replica", List.of(), List.of("public.audit_log")));
    }

    @Test
    void thePublishExampleLoads() {
        ConfigFile config = ConfigLoader.load(Path.of("examples/publish/restore-profiles.yml"),
                new Interpolator(Map.of(), Map.of()));

        Profile publish = config.profile("prod-publish");
        assertThat(publish.publish()).isEqualTo(new PublishSpec(
                new SourceSpec.S3("acme-sanitized", null, "prod/", null, null, null, false, "acme-sanitized-writer"), null, 7));
        assertThat(publish.sanitize()).containsExactly("sql/anonymize.sql");
        assertThat(((SourceSpec.S3) config.profile("dev").source()).glob()).isNull();
    }
}
