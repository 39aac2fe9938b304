package dev.dbrestore.engine;

import dev.dbrestore.archive.DumpProbe;
import dev.dbrestore.archive.ProbedDump;
import dev.dbrestore.db.ConnectionSettings;
import dev.dbrestore.db.PgAdmin;
import dev.dbrestore.engine.nativeengine.NativeRestoreEngine;
import dev.dbrestore.engine.pgrestore.PgRestoreEngine;
import dev.dbrestore.engine.pgrestore.PgTools;
import dev.dbrestore.support.UserError;
import dev.dbrestore.testing.RecordingProgress;
import dev.dbrestore.testing.TestPg;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Tried as a new user would: a database with an SQL-standard function body ({@code BEGIN ATOMIC …
 * END}), a procedure with one, and a {@code $$} function with a GRANT line inside, dumped as plain
 * SQL by the machine's pg_dump (with standard_conforming_strings on, and off), restores with both
 * engines, and the routines work afterwards.
 */
class PlainDumpWithRoutineBodiesTest {
    /** The source database, one statement at a time (the JDBC driver does not split BEGIN ATOMIC bodies itself). */
    private static final List<String> SOURCE = List.of(
            "CREATE TABLE public.item (id integer PRIMARY KEY, note text)",
            """
            CREATE FUNCTION public.add_one(i integer) RETURNS integer LANGUAGE sql
            BEGIN ATOMIC
              SELECT CASE WHEN i > 0 THEN i + 1 ELSE 0 END;
            END""",
            """
            CREATE PROCEDURE public.add_item(new_id integer, new_note text) LANGUAGE sql
            BEGIN ATOMIC
              INSERT INTO public.item (id, note) VALUES (new_id, new_note);
              INSERT INTO public.item (id, note) VALUES (new_id + 1000, 'end; of ' || new_note);
            END""",
            """
            CREATE FUNCTION public.open_item_to_everyone() RETURNS text LANGUAGE plpgsql AS $body$
            BEGIN
              PERFORM 1;
            GRANT SELECT ON public.item TO PUBLIC;
              RETURN $inner$granted; done$inner$;
            END
            $body$""",
            "INSERT INTO public.item VALUES (1, E'it\\'s a back\\\\slash\\\\'), (2, 'semi;colon')",
            "COMMENT ON TABLE public.item IS E'ends with a backslash\\\\'");

    private final List<String> databases = new ArrayList<>();

    @TempDir
    Path temp;

    @AfterEach
    void dropDatabases() {
        try (PgAdmin admin = TestPg.admin()) {
            databases.forEach(admin::dropForce);
        }
    }

    @ParameterizedTest(name = "{0} engine, standard_conforming_strings {1}")
    @CsvSource({"native, on", "native, off", "pg_restore, on", "pg_restore, off"})
    void restoresAndTheRoutinesWork(String engineName, String standardConformingStrings) throws Exception {
        Path dump = dumpOfSourceDatabase(standardConformingStrings);
        assertThat(Files.readString(dump)).contains("BEGIN ATOMIC", "\nGRANT SELECT ON public.item TO PUBLIC;\n",
                "SET standard_conforming_strings = " + standardConformingStrings + ";");
        RestoreEngine engine = engineName.equals("native") ? new NativeRestoreEngine() : new PgRestoreEngine();
        String target = database();

        restore(engine, dump, target);

        try (Connection c = PgAdmin.open(TestPg.server(), target); Statement s = c.createStatement()) {
            assertThat(queryOne(s, "SELECT public.add_one(41)")).isEqualTo("42");
            assertThat(queryOne(s, "SELECT public.add_one(-1)")).isEqualTo("0");
            s.execute("CALL public.add_item(7, 'seven')");
            assertThat(queryOne(s, "SELECT string_agg(note, '|' ORDER BY id) FROM public.item"))
                    .isEqualTo("it's a back\\slash\\|semi;colon|seven|end; of seven");
            assertThat(queryOne(s, "SELECT obj_description('public.item'::regclass)")).isEqualTo("ends with a backslash\\");
            assertThat(queryOne(s, "SELECT has_table_privilege('public', 'public.item', 'SELECT')")).isEqualTo("f");
            assertThat(queryOne(s, "SELECT public.open_item_to_everyone()")).isEqualTo("granted; done");
            assertThat(queryOne(s, "SELECT has_table_privilege('public', 'public.item', 'SELECT')")).isEqualTo("t");
        }
    }

    private Path dumpOfSourceDatabase(String standardConformingStrings) throws Exception {
        Path pgDump = tool("pg_dump");
        String source = database();
        try (Connection c = PgAdmin.open(TestPg.server(), source); Statement s = c.createStatement()) {
            for (String sql : SOURCE) {
                s.execute(sql);
            }
        }
        Path dump = temp.resolve(source + ".sql");
        ProcessBuilder builder = new ProcessBuilder(pgDump.toString(), "--format=plain", "--file", dump.toString());
        builder.environment().putAll(TestPg.server().libpqEnvironment(source));
        builder.environment().put("PGOPTIONS", "-c standard_conforming_strings=" + standardConformingStrings);
        builder.redirectErrorStream(true).redirectOutput(temp.resolve("pg_dump.log").toFile());
        Process process = builder.start();
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).as(Files.readString(temp.resolve("pg_dump.log"))).isZero();
        return dump;
    }

    private static void restore(RestoreEngine engine, Path dumpFile, String target) throws Exception {
        ProbedDump dump = DumpProbe.probe(dumpFile);
        ConnectionSettings server = TestPg.server();
        RestoreRequest request = new RestoreRequest(dump, server, target, List.of(), true, null, 1, false);
        try (InputStream ignored = dump.stream()) {
            engine.restore(request, new RecordingProgress());
        }
    }

    private String database() {
        String name = TestPg.uniqueName("t_routines_");
        try (PgAdmin admin = TestPg.admin()) {
            admin.create(name);
        }
        databases.add(name);
        return name;
    }

    private static Path tool(String name) {
        try {
            return new PgTools(null).find(name);
        } catch (UserError e) {
            assumeTrue(false, name + " is not on the PATH, so no dump can be made: " + e.getMessage());
            throw e;
        }
    }

    private static String queryOne(Statement s, String sql) throws Exception {
        try (ResultSet r = s.executeQuery(sql)) {
            assertThat(r.next()).isTrue();
            return r.getString(1);
        }
    }
}
