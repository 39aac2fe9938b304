package dev.dbrestore.config;

import dev.dbrestore.support.UserError;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Tests of {@link Interpolator}. */
class ConfigInterpolatorTest {
    private final Interpolator interpolator = new Interpolator(
            Map.of("project.basedir", "/work/acme", "dbrestore.app", "acme"),
            Map.of("HOME", "/home/dev", "EMPTY", "", "PGPORT", "6543"));

    private String interpolate(String text) {
        return interpolator.interpolate(text, "f.yml:3:7");
    }

    @Test
    void environmentVariablesAndPropertiesAreReplaced() {
        assertThat(interpolate("${env:HOME}/dumps")).isEqualTo("/home/dev/dumps");
        assertThat(interpolate("${project.basedir}/sql/${dbrestore.app}.sql")).isEqualTo("/work/acme/sql/acme.sql");
        assertThat(interpolate("${env.HOME}")).as("Maven's spelling").isEqualTo("/home/dev");
    }

    @Test
    void defaultsApplyWhenUnsetOrEmpty() {
        assertThat(interpolate("${env:PGPORT:-5432}")).isEqualTo("6543");
        assertThat(interpolate("${env:NOPE:-postgres://localhost:5432/postgres}")).isEqualTo("postgres://localhost:5432/postgres");
        assertThat(interpolate("${env:EMPTY:-fallback}")).isEqualTo("fallback");
        assertThat(interpolate("${env:NOPE:-}")).isEmpty();
        assertThat(interpolate("${missing.property:-x}")).isEqualTo("x");
        assertThat(interpolate("${env:NOPE:-${env:HOME}/db}")).as("a default may hold a placeholder").isEqualTo("/home/dev/db");
    }

    @Test
    void anEmptyVariableWithoutDefaultIsEmpty() {
        assertThat(interpolate("[${env:EMPTY}]")).isEqualTo("[]");
    }

    @Test
    void dollarDollarBraceIsALiteralAndOtherDollarsAreLeftAlone() {
        assertThat(interpolate("$${env:HOME}")).isEqualTo("${env:HOME}");
        assertThat(interpolate("pbkdf2_sha256$260000$salt$hash")).isEqualTo("pbkdf2_sha256$260000$salt$hash");
        assertThat(interpolate("select $$x$$, $1")).isEqualTo("select $$x$$, $1");
        assertThat(interpolate("{project}_{date:yyyyMMdd}")).isEqualTo("{project}_{date:yyyyMMdd}");
    }

    @Test
    void replacedValuesAreNotScannedAgain() {
        Interpolator sneaky = new Interpolator(Map.of(), Map.of("A", "${env:B}", "B", "secret"));

        assertThat(sneaky.interpolate("${env:A}", null)).isEqualTo("${env:B}");
    }

    @Test
    void anUnsetVariableIsAnErrorNamingItAndWhereItIsUsed() {
        assertThatThrownBy(() -> interpolate("${env:DATABASE_ADMIN_URL}"))
                .isInstanceOf(UserError.class)
                .hasMessage("f.yml:3:7: environment variable DATABASE_ADMIN_URL is not set (used by ${env:DATABASE_ADMIN_URL}). "
                        + "Set it, or give a default: ${env:DATABASE_ADMIN_URL:-value}");
    }

    @Test
    void anUnknownPropertyIsAnErrorNamingIt() {
        assertThatThrownBy(() -> interpolate("${dumps.dir}/a.dump"))
                .isInstanceOf(UserError.class)
                .hasMessageStartingWith("f.yml:3:7: unknown property 'dumps.dir' (used by ${dumps.dir}). Pass it with -Ddumps.dir=...");
    }

    @Test
    void malformedPlaceholdersAreErrors() {
        assertThatThrownBy(() -> interpolate("${env:HOME")).hasMessage("f.yml:3:7: '${' is not closed by '}' (write $${ for a literal ${)");
        assertThatThrownBy(() -> interpolate("${}")).hasMessageStartingWith("f.yml:3:7: '${}' is not a valid placeholder");
        assertThatThrownBy(() -> interpolate("${env:MY-VAR}")).hasMessageStartingWith("f.yml:3:7: '${env:MY-VAR}' does not name an environment variable");
    }

    @Test
    void aMissingLocationLeavesTheMessageUnprefixed() {
        assertThatThrownBy(() -> Interpolator.empty().interpolate("${env:X}", null)).hasMessageStartingWith("environment variable X is not set");
    }

    @Test
    void theSystemInterpolatorSeesSystemPropertiesUnderTheGivenOnes() {
        Interpolator system = Interpolator.system(Map.of("java.version", "overridden"));

        assertThat(system.interpolate("${user.home}", null)).isEqualTo(System.getProperty("user.home"));
        assertThat(system.interpolate("${java.version}", null)).isEqualTo("overridden");
    }
}
