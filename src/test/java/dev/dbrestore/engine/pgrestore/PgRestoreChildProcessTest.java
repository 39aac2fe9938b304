package dev.dbrestore.engine.pgrestore;

import dev.dbrestore.archive.DumpProbe;
import dev.dbrestore.db.PgAdmin;
import dev.dbrestore.engine.RestoreRequest;
import dev.dbrestore.testing.Fixtures;
import dev.dbrestore.testing.RecordingProgress;
import dev.dbrestore.testing.TestPg;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Issue 15, item 9: how pg_restore and psql are run as child processes (their locale, their end when feeding fails). */
class PgRestoreChildProcessTest {
    @RegisterExtension
    static final TestPg.Databases DBS = TestPg.databases("t_child_");
    private static String database;

    @TempDir
    Path dir;

    @BeforeAll
    static void createDatabase() throws Exception {
        database = DBS.create();
    }

    private static RestoreRequest request(InputStream dump, Path pgBin) {
        return new RestoreRequest(DumpProbe.probe(dump, "test.dump"), TestPg.server(), database, List.of(), true, pgBin, 1, false);
    }

    /** {@code bytes}, then a failure of the given kind on the next read: a backup that breaks off mid-way. */
    private static InputStream failingAfter(byte[] bytes, Supplier<RuntimeException> unchecked) {
        return new InputStream() {
            private int pos;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (pos == bytes.length) {
                    if (unchecked != null) {
                        throw unchecked.get();
                    }
                    throw new IOException("simulated read error of the backup");
                }
                int n = Math.min(len, bytes.length - pos);
                System.arraycopy(bytes, pos, b, off, n);
                pos += n;
                return n;
            }
        };
    }

    private static List<String> childTools() {
        return ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
                .map(p -> p.info().command().orElse("?"))
                .filter(c -> c.endsWith("/pg_restore") || c.endsWith("/psql")).toList();
    }

    @Test
    void pgRestoreRunsWithEnglishMessages() throws Exception {
        Path bin = Files.createDirectory(dir.resolve("bin"));
        Path fake = bin.resolve("pg_restore");
        Files.writeString(fake, """
                #!/bin/sh
                if [ "$1" = "--version" ]; then echo "pg_restore (PostgreSQL) 15.18"; exit 0; fi
                cat > /dev/null
                echo "pg_restore: error: locale LC_MESSAGES=$LC_MESSAGES LC_ALL=$LC_ALL." >&2
                exit 1
                """);
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
        RestoreRequest request = request(Files.newInputStream(Fixtures.acme("acme-pg15.dump")), bin);

        assertThatThrownBy(() -> new PgRestoreEngine().restore(request, new RecordingProgress()))
                .hasMessageContaining("locale LC_MESSAGES=C LC_ALL=.");
    }

    @Test
    void psqlIsKilledWhenTheDumpBreaksOffSoItNeverRunsAnUnfinishedStatement() throws Exception {
        String script = "--\n-- PostgreSQL database dump\n--\n" + "-- padding\n".repeat(100)
                + "CREATE TABLE fed_first (x int);\nCREATE TABLE fed_unfinished AS SELECT 1 AS x\n";
        RestoreRequest request = request(failingAfter(script.getBytes(StandardCharsets.UTF_8), null), null);

        assertThatThrownBy(() -> new PgRestoreEngine().restore(request, new RecordingProgress()))
                .hasMessageContaining("simulated read error");
        assertThat(childTools()).isEmpty();
        try (Connection c = PgAdmin.open(TestPg.server(), database);
             ResultSet rs = c.createStatement().executeQuery("SELECT to_regclass('fed_unfinished') IS NULL")) {
            rs.next();
            assertThat(rs.getBoolean(1)).as("psql ran the unfinished last statement at a clean end of input").isTrue();
        }
    }

    @Test
    void pgRestoreIsDestroyedWhenTheDumpStreamThrows() throws Exception {
        byte[] whole = Files.readAllBytes(Fixtures.acme("acme-pg15.dump"));
        RestoreRequest request = request(failingAfter(Arrays.copyOf(whole, whole.length / 2),
                () -> new UncheckedIOException(new IOException("simulated unchecked failure"))), null);

        assertThatThrownBy(() -> new PgRestoreEngine().restore(request, new RecordingProgress()))
                .hasMessageContaining("simulated unchecked failure");
        assertThat(childTools()).isEmpty();
    }
}
