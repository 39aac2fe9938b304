package dev.dbrestore.engine.nativeengine;

import dev.dbrestore.archive.DumpProbe;
import dev.dbrestore.archive.ProbedDump;
import dev.dbrestore.archive.RestoreList;
import dev.dbrestore.archive.TableNames;
import dev.dbrestore.testing.Fixtures;
import dev.dbrestore.testing.TestPg;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The -L list for the pg_restore engine, checked with the real pg_restore reading from standard input. */
class RestoreListTest {
    @RegisterExtension
    final TestPg.Databases dbs = TestPg.databasesOfEachTest("t_arch_");

    @Test
    void pgRestoreWithTheListSkipsExactlyTheExcludedTableData(@TempDir Path temp) throws Exception {
        Path dumpFile = Fixtures.acme("acme-pg15-pipe.dump");
        ProbedDump dump = DumpProbe.probe(dumpFile);
        dump.stream().close();
        String list = RestoreList.excluding(dump.toc(), new TableNames(List.of("django_session", "public.\"Order Items\"")));
        assertThat(list.lines().filter(line -> line.startsWith(";"))).hasSize(2);
        Path listFile = Files.writeString(temp.resolve("restore.list"), list);

        String db = dbs.create();
        TestPg.ToolResult result = TestPg.run(db, List.of("pg_restore", "--no-owner", "--no-privileges",
                "-L", listFile.toString(), "-d", db), dumpFile);

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(TestPg.queryOne(db, "SELECT count(*) FROM public.django_session")).isEqualTo("0");
        assertThat(TestPg.queryOne(db, "SELECT count(*) FROM public.\"Order Items\"")).isEqualTo("0");
        assertThat(TestPg.queryOne(db, "SELECT count(*) FROM public.auth_user")).isEqualTo(Fixtures.acmeRows("public.auth_user"));
        assertThat(TestPg.queryOne(db, "SELECT count(*) FROM pg_largeobject_metadata")).isEqualTo(Fixtures.acmeRows("large objects"));
    }
}
