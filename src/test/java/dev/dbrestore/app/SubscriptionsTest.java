package dev.dbrestore.app;

import dev.dbrestore.config.ConfigFile;
import dev.dbrestore.config.OnExists;
import dev.dbrestore.config.RunOptions;
import dev.dbrestore.config.Settings;
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
 * A dump of a database that subscribes to a publication (pg_dump writes the subscription with
 * {@code connect = false}) restores without it by default, with both engines, and is restored
 * twice with {@code onExists: overwrite} (the old copy dropped) when kept. The dump is made by the
 * machine's pg_dump from a real database with a subscription.
 */
class SubscriptionsTest {
    @RegisterExtension
    static final TestPg.Databases DBS = TestPg.databases("t_subs_");

    @TempDir
    Path dir;

    private Path dumpWithASubscription(String format) throws Exception {
        String source = DBS.create();
        TestPg.execute(source, "CREATE TABLE orders(id int PRIMARY KEY)", "INSERT INTO orders VALUES (1), (2)",
                "CREATE SUBSCRIPTION prod_sub CONNECTION 'host=127.0.0.1 port=1 dbname=prod' PUBLICATION prod_pub "
                        + "WITH (connect = false, slot_name = 'prod_sub')");
        Path dump = dir.resolve("with-subscription." + format);
        TestPg.ToolResult result = TestPg.run(source, List.of("pg_dump", "-F" + format.charAt(0), "-f", dump.toString(), source), null);
        assumeTrue(result.exitCode() == 0, "pg_dump is needed to make the dump: " + result.stderr());
        assertThat(TestPg.queryOne(source, "SELECT count(*) FROM pg_subscription")).isNotEqualTo("0");
        DBS.drop(source); // the subscription is dropped with it, without contacting the publisher
        return dump;
    }

    @ParameterizedTest(name = "{0} engine, {1} dump, keepSubscriptions {2}")
    @CsvSource({"native, custom, false", "pg_restore, custom, false", "native, custom, true", "pg_restore, custom, true"})
    void subscriptionsAreSkippedUnlessKept(String engine, String format, boolean keep) throws Exception {
        Path dump = dumpWithASubscription(format);
        Settings settings = Pipelines.settings(null, engine).overriddenBy(new Settings(null, null, null, null, null, null,
                null, null, null, null, null, null, null, keep));
        ConfigFile config = Pipelines.config(dir, "acme", settings, Pipelines.fileProfile("local", dump));
        String db = DBS.newName();
        RunOptions options = RunOptions.of(config.file()).withDatabase(db).withOnExists(OnExists.OVERWRITE);

        Pipelines.pipeline(new RecordingProgress(), dir, Prompter.NEVER).run(config, options, new RunReport("restore", null));
        assertThat(TestPg.queryOne(db, "SELECT count(*) FROM orders")).isEqualTo("2");
        assertThat(subscriptionsOf(db)).isEqualTo(keep ? "1" : "0");

        // again over the first copy: the replaced copy is dropped even when it holds a subscription
        Pipelines.pipeline(new RecordingProgress(), dir, Prompter.NEVER).run(config, options, new RunReport("restore", null));
        assertThat(TestPg.exists(db + "__replaced")).isFalse();
        assertThat(subscriptionsOf(db)).isEqualTo(keep ? "1" : "0");
    }

    private static String subscriptionsOf(String db) throws Exception {
        return TestPg.queryOne("postgres", "SELECT count(*) FROM pg_subscription s JOIN pg_database d ON d.oid = s.subdbid "
                + "WHERE d.datname = '" + db + "'");
    }
}
