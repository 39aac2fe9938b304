package dev.dbrestore.db;

import dev.dbrestore.support.ChildEnvironment;
import dev.dbrestore.testing.TestPg;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The client tools connect where the plugin does: an inherited {@code PGSERVICE} (whose service file
 * libpq reads before every other variable) would send psql to the service's server instead.
 */
class ChildConnectionTest {
    @TempDir
    Path dir;

    @Test
    void psqlReachesTheResolvedTargetWhateverServiceTheParentNamed() throws Exception {
        Path services = Files.writeString(dir.resolve("pg_service.conf"), "[elsewhere]\nhost=127.0.0.1\nport=1\n");
        ProcessBuilder psql = new ProcessBuilder(List.of("psql", "-X", "-A", "-t", "-c", "SELECT current_user"))
                .redirectErrorStream(true);
        psql.environment().put("PGSERVICEFILE", services.toString());
        psql.environment().put("PGSERVICE", "elsewhere");
        ChildEnvironment.connectTo(psql.environment(), TestPg.server().libpqEnvironment("postgres"));
        ChildEnvironment.englishMessages(psql.environment());

        Process process = psql.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(process.waitFor()).as(output).isZero();
        assertThat(output).isEqualTo(TestPg.server().user());
    }
}
