package dev.dbrestore.app;

import dev.dbrestore.config.ConfigFile;
import dev.dbrestore.config.RunOptions;
import dev.dbrestore.report.RunReport;
import dev.dbrestore.testing.Pipelines;
import dev.dbrestore.testing.RecordingProgress;
import dev.dbrestore.testing.TestPg;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A dump made with {@code pg_dump --use-set-session-authorization} names its owners with
 * {@code SET SESSION AUTHORIZATION}: both engines leave those out (the {@code --no-owner} promise),
 * so the copy restores although the owner role is missing, and its objects belong to the restoring
 * user. The dump is made by the machine's pg_dump; its owner role is dropped before the restore.
 */
class SessionAuthorizationTest {
    @RegisterExtension
    static final TestPg.Databases DBS = TestPg.databases("t_ssa_");

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} engine, {1} dump")
    @CsvSource({"native, p", "pg_restore, p", "native, c", "pg_restore, c"})
    void ownersNamedBySessionAuthorizationAreLeftOut(String engine, String format) throws Exception {
        String owner = DBS.newRole();
        TestPg.execute("postgres", "CREATE ROLE \"" + owner + "\"");
        String source = DBS.create();
        TestPg.execute(source, "CREATE TABLE invoices(id int)", "INSERT INTO invoices VALUES (1)",
                "ALTER TABLE invoices OWNER TO \"" + owner + "\"");
        Path dump = dir.resolve("ssa." + format);
        TestPg.ToolResult made = TestPg.run(source, List.of("pg_dump", "--use-set-session-authorization", "-F" + format,
                "-f", dump.toString(), source), null);
        assumeTrue(made.exitCode() == 0, "pg_dump is needed to make the dump: " + made.stderr());
        DBS.drop(source);
        TestPg.execute("postgres", "DROP ROLE \"" + owner + "\"");

        ConfigFile config = Pipelines.config(dir, "acme", Pipelines.settings(null, engine), Pipelines.fileProfile("local", dump));
        String db = DBS.newName();
        Pipelines.pipeline(new RecordingProgress(), dir, Prompter.NEVER)
                .run(config, RunOptions.of(config.file()).withDatabase(db), new RunReport("restore", null));

        assertThat(TestPg.queryOne(db, "SELECT count(*) FROM invoices")).isEqualTo("1");
        assertThat(TestPg.queryOne(db, "SELECT tableowner FROM pg_tables WHERE tablename = 'invoices'"))
                .isEqualTo(TestPg.server().user());
    }
}
