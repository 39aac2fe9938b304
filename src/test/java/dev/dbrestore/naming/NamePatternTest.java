package dev.dbrestore.naming;

import dev.dbrestore.support.UserError;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NamePatternTest {
    private static final Instant BACKUP = Instant.parse("2020-06-30T21:15:00Z");
    private static final Instant TODAY = Instant.parse("2026-11-28T08:00:00Z");

    private static NamePattern.Values values(String project, String profile, String app, String backupId, ZoneId zone) {
        return new NamePattern.Values(project, profile, app, BACKUP, TODAY, backupId, zone);
    }

    @Test
    void defaultPatternUsesTheBackupsDateNotToday() {
        DatabaseName name = new NamePattern("{project}_{profile}_{date:yyyyMMdd}")
                .render(values("acme", "prod", null, null, ZoneOffset.UTC));
        assertThat(name.value()).isEqualTo("acme_prod_20200630");
    }

    @Test
    void everyTokenRendersAndIsNormalised() {
        DatabaseName name = new NamePattern("{app}-{backup}-{today:yyMMdd}-{date}")
                .render(values("acme", "prod", "acme-production", "b042", ZoneOffset.UTC));
        assertThat(name.value()).isEqualTo("acme_production_b042_261128_20200630");
    }

    @Test
    void datesRenderInTheGivenZone() {
        DatabaseName name = new NamePattern("x_{date}").render(values("a", "p", null, null, ZoneId.of("Europe/Berlin")));
        assertThat(name.value()).isEqualTo("x_20200630");
        assertThat(new NamePattern("x_{date}").render(values("a", "p", null, null, ZoneId.of("Asia/Tokyo"))).value())
                .isEqualTo("x_20200701");
    }

    @Test
    void hostileCharactersBecomeUnderscores() {
        DatabaseName name = new NamePattern("{project}_{profile}")
                .render(values("Acme\"; DROP DATABASE x; --", "Prod Ü", null, null, ZoneOffset.UTC));
        assertThat(name.value()).isEqualTo("acme___drop_database_x_____prod__");
    }

    @Test
    void tooLongNameIsRejectedNotTruncated() {
        String longProject = "a".repeat(60);
        assertThatThrownBy(() -> new NamePattern("{project}_{profile}").render(values(longProject, "prod", null, null, ZoneOffset.UTC)))
                .isInstanceOf(UserError.class)
                .hasMessageContaining("65 bytes")
                .hasMessageContaining("at most 63");
    }

    @Test
    void unknownTokenAndMissingValuesAreClearErrors() {
        assertThatThrownBy(() -> new NamePattern("{projekt}").render(values("a", "p", null, null, ZoneOffset.UTC)))
                .hasMessageContaining("Unknown token {projekt}").hasMessageContaining("{project}");
        assertThatThrownBy(() -> new NamePattern("{app}_x").render(values("a", "p", null, null, ZoneOffset.UTC)))
                .hasMessageContaining("uses {app} but it has no value");
        assertThatThrownBy(() -> new NamePattern("{date:qqqq-XX-'}").render(values("a", "p", null, null, ZoneOffset.UTC)))
                .hasMessageContaining("Bad date format");
    }

    @Test
    void stagingAndFailedNamesStayWithinTheLimit() {
        DatabaseName shortName = DatabaseName.normalize("acme_prod_20200630");
        assertThat(shortName.staging().value()).isEqualTo("acme_prod_20200630__restoring");
        assertThat(shortName.failed().value()).isEqualTo("acme_prod_20200630__failed");

        DatabaseName longName = DatabaseName.normalize("x".repeat(63));
        assertThat(longName.staging().value()).hasSizeLessThanOrEqualTo(63).endsWith("__restoring");
        assertThat(longName.staging()).isNotEqualTo(DatabaseName.normalize("x".repeat(62) + "y").staging());
    }
}
