package dev.dbrestore.testing;

import dev.dbrestore.db.ConnectionSettings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A custom-format acme dump much bigger than the fixtures (SCALE 50: about 10 MB, made in about
 * 8 s), made once per test JVM by the fixture's own {@code make-dumps.sh} with the real pg_dump,
 * from a scratch database that is dropped again. For tests that must show that only a small part
 * of a big dump was read.
 */
public final class BigDump {
    private static Path dump;

    private BigDump() {
    }

    public static synchronized Path custom() throws IOException, InterruptedException {
        if (dump != null) {
            return dump;
        }
        Path dir = Files.createTempDirectory("dbrestore-bigdump");
        dir.toFile().deleteOnExit();
        ConnectionSettings server = TestPg.server();
        String db = TestPg.uniqueName("t_bigdump_");
        ProcessBuilder make = new ProcessBuilder("bash", Fixtures.acme("make-dumps.sh").toString(), dir.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("make-dumps.log").toFile());
        make.environment().putAll(java.util.Map.of("PGHOST", server.host(), "PGPORT", Integer.toString(server.port()),
                "PGUSER", server.user(), "PGPASSWORD", server.password(), "DB", db, "SCALE", "50", "SET", "custom",
                "PREFIX", "big"));
        try {
            Process p = make.start();
            if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException("make-dumps.sh failed: " + Files.readString(dir.resolve("make-dumps.log")));
            }
        } finally {
            try (var admin = TestPg.admin()) {
                admin.dropForce(db);
            }
        }
        Files.deleteIfExists(dir.resolve("big-pipe.dump"));
        dump = dir.resolve("big.dump");
        dump.toFile().deleteOnExit();
        return dump;
    }
}
