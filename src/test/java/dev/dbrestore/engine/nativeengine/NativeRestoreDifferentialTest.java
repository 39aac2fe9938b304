package dev.dbrestore.engine.nativeengine;

import dev.dbrestore.archive.DumpProbe;
import dev.dbrestore.archive.ProbedDump;
import dev.dbrestore.support.RestoreMeter;
import dev.dbrestore.testing.Fixtures;
import dev.dbrestore.testing.TestPg;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.BufferedInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The native engine against pg_restore on every fixture dump: same rows (count and md5 of every
 * table), same large objects and sequence values, same schema as the local pg_dump sees it.
 * Dumps the local pg_restore 15 cannot read (archive 1.16) are compared with a pg_restore of the
 * pg_dump 15 archive of the same source database, and with the README checksums.
 */
class NativeRestoreDifferentialTest {
    @RegisterExtension
    static final TestPg.Databases DBS = TestPg.databases("t_arch_");
    private static Snapshot acmeReference;
    private static Snapshot pagilaReference;

    private record Snapshot(Map<String, String> data, String schema) {
    }

    @BeforeAll
    static void restoreReferencesWithPgRestore(@TempDir Path temp) throws Exception {
        acmeReference = pgRestore(Fixtures.acme("acme-pg15.dump"), false);
        assertThat(acmeReference.schema()).contains("CREATE POLICY invoice_reader_not_voided",
                "CREATE EXTENSION IF NOT EXISTS citext WITH SCHEMA heroku_ext");
        assertThat(acmeReference.data()).containsKey("public.daily_sales");
        pagilaReference = pgRestore(Fixtures.pagila("pagila-pg15.dump"), false);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"acme-pg15.dump", "acme-pg15-z0.dump", "acme-pg15-pipe.dump", "acme-pg15.tar"})
    void acmeArchivesOfPgDump15RestoreLikePgRestore(String file) throws Exception {
        Path dump = Fixtures.acme(file);
        Snapshot expected = pgRestore(dump, file.contains("pipe"));
        Snapshot actual = nativeRestore(dump);
        assertSame(actual, expected);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"acme-pg17.dump", "acme-pg17-lz4.dump", "acme-pg17-zstd.dump", "acme-pg17-none.dump",
            "acme-pg17-pipe.dump", "acme-pg17-from-pg15.dump", "acme-pg17-heroku.dump", "acme-pg18.dump",
            "acme-pg18-lz4.dump", "acme-pg18-zstd.dump", "acme-pg18-none.dump", "acme-pg18-pipe.dump",
            "acme-pg18-stats.dump", "acme-pg19rc1.dump"})
    void acmeArchivesPgRestore15CannotReadMatchTheReference(String file) throws Exception {
        Snapshot actual = nativeRestore(Fixtures.acme(file));
        assertSame(actual, acmeReference);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"acme-pg15.sql", "acme-pg15.sql.gz", "acme-pg17.sql", "acme-pg18.sql"})
    void acmePlainScriptsMatchTheReference(String file) throws Exception {
        Snapshot actual = nativeRestore(Fixtures.acme(file));
        assertSame(actual, acmeReference);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"acme-pg15.dir.tar"})
    void directoryDumpRestoresLikePgRestore(String file, @TempDir Path temp) throws Exception {
        Process tar = new ProcessBuilder("tar", "-xf", Fixtures.acme(file).toString(), "-C", temp.toString())
                .inheritIO().start();
        assertThat(tar.waitFor()).isZero();
        Path folder = temp.resolve("acme-pg15.dir");
        Snapshot expected = pgRestore(folder, false);
        Snapshot actual = nativeRestore(folder);
        assertSame(actual, expected);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"pagila-pg15.dump", "pagila-pg17.dump"})
    void pagilaRestoresLikePgRestore(String file) throws Exception {
        Snapshot actual = nativeRestore(Fixtures.pagila(file));
        assertSame(actual, pagilaReference);
        Map<String, String> tables = new TreeMap<>(actual.data());
        tables.keySet().removeIf(key -> key.startsWith("sequence ") || key.equals("large objects"));
        assertThat(tables).containsExactlyInAnyOrderEntriesOf(Fixtures.expectedPagila());
    }

    /**
     * Several connections give the same database as one: streamed (indexes and constraints start on the
     * other connections while the stream loads later tables) and from a file or folder (several tables
     * load at once, read at random).
     */
    @ParameterizedTest(name = "{0}, jobs {1}, {2}")
    @CsvSource({"acme-pg17.dump, 1, stream", "acme-pg17.dump, 2, stream", "acme-pg17.dump, 4, stream",
            "acme-pg17.dump, 2, file", "acme-pg17.dump, 4, file", "acme-pg18-zstd.dump, 2, file",
            "acme-pg17-pipe.dump, 2, file", "acme-pg15.tar, 2, stream", "acme-pg15.tar, 4, file",
            "acme-pg15.dir.tar, 2, file", "acme-pg15.dir.tar, 4, file",
            "pagila-pg15.dump, 1, file", "pagila-pg15.dump, 2, stream", "pagila-pg15.dump, 4, file"})
    void restoringOnSeveralConnectionsGivesTheSameDatabase(String file, int jobs, String input, @TempDir Path temp)
            throws Exception {
        Path dump = Fixtures.file(file);
        if (file.endsWith(".dir.tar")) {
            Process tar = new ProcessBuilder("tar", "-xf", dump.toString(), "-C", temp.toString()).inheritIO().start();
            assertThat(tar.waitFor()).isZero();
            dump = temp.resolve(file.replace(".tar", ""));
        }
        ProbedDump probed = input.equals("file") ? DumpProbe.probe(dump)
                : DumpProbe.probe(new BufferedInputStream(Files.newInputStream(dump)), file);
        assertThat(probed.file() != null || probed.directory() != null).isEqualTo(input.equals("file"));
        String database = newDatabase();
        RestoreMeter meter = RestoreMeter.unwatched();
        NativeRestoreSupport.restore(probed, database, List.of(), true, false, jobs, meter);
        // The progress line counted every table and every index and constraint.
        assertThat(meter.line()).containsPattern("Restoring \\(finishing\\): .*; (\\d+) of \\1 tables, [1-9][0-9,]* rows; "
                + "([1-9]\\d*) of \\2 indexes and constraints");
        if (file.startsWith("acme")) {
            assertThat(Fixtures.acmeChecksums(database)).containsExactlyInAnyOrderEntriesOf(Fixtures.expectedAcme());
        }
        Snapshot actual = new Snapshot(Fingerprint.data(database), Fingerprint.schema(database));
        assertSame(actual, file.startsWith("pagila") ? pagilaReference : acmeReference);
    }

    private static void assertSame(Snapshot actual, Snapshot expected) {
        // Guard against comparing two empty databases.
        assertThat(expected.schema()).contains("CREATE TABLE", "CREATE INDEX", "ALTER TABLE ONLY");
        assertThat(expected.data()).hasSizeGreaterThan(15);
        assertThat(actual.data()).isEqualTo(expected.data());
        assertThat(actual.schema()).isEqualTo(expected.schema());
    }

    private static Snapshot nativeRestore(Path dump) throws Exception {
        String database = newDatabase();
        NativeRestoreSupport.restore(DumpProbe.probe(dump), database, List.of(), true, false);
        if (dump.getFileName().toString().startsWith("acme")) {
            assertThat(Fixtures.acmeChecksums(database)).containsExactlyInAnyOrderEntriesOf(Fixtures.expectedAcme());
        }
        return new Snapshot(Fingerprint.data(database), Fingerprint.schema(database));
    }

    /** pg_restore --no-owner --no-privileges of a file, or from standard input like the pg_restore engine. */
    private static Snapshot pgRestore(Path dump, boolean fromStdin) throws Exception {
        String database = newDatabase();
        TestPg.ToolResult result = TestPg.pgRestore(dump, database, fromStdin);
        assertThat(result.exitCode()).as("pg_restore of %s: %s", dump, result.stderr()).isZero();
        return new Snapshot(Fingerprint.data(database), Fingerprint.schema(database));
    }

    private static String newDatabase() throws Exception {
        return DBS.create();
    }
}
