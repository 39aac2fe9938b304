package dev.dbrestore.sql;

import dev.dbrestore.db.ConnectionSettings;
import dev.dbrestore.db.PgAdmin;
import dev.dbrestore.engine.pgrestore.PgTools;
import dev.dbrestore.support.UserError;
import dev.dbrestore.testing.Fixtures;
import dev.dbrestore.testing.TestPg;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Every plain dump among the shared fixtures splits into exactly the statements psql sends when it
 * runs the dump: psql runs it into a scratch database through {@link PsqlQueryRecorder}, which
 * writes down each query psql sends, and the lexer's statements must be the same texts in the same
 * order. (Errors the scratch database reports, such as a missing role, do not change what psql sends.)
 * The same for a script of the hard cases: E'' strings, standard_conforming_strings off, nested
 * dollar quotes, SQL-standard function bodies, a GRANT line inside a function body.
 */
class PlainDumpsSplitLikePsqlTest {

    static Stream<String> plainFixtureDumps() throws IOException {
        List<String> names = new ArrayList<>();
        for (Path folder : List.of(Fixtures.root().resolve("acme"), Fixtures.root().resolve("pagila"))) {
            try (Stream<Path> files = Files.list(folder)) {
                files.map(p -> p.getFileName().toString())
                        .filter(name -> name.matches("(acme|pagila)-pg\\d+.*\\.sql(\\.gz)?"))
                        .sorted().forEach(names::add);
            }
        }
        assertThat(names).as("plain dumps among the fixtures").isNotEmpty();
        return names.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("plainFixtureDumps")
    void splitsEveryStatementAsPsqlSendsIt(String name) throws Exception {
        Path dump = Fixtures.file(name);
        List<String> lexed = assertSplitsLikePsql(name, () -> open(dump));
        assertThat(lexed).as("statements of " + name).hasSizeGreaterThan(100);
    }

    @Test
    void splitsTheHardCasesAsPsqlSendsThem() throws Exception {
        String cases = "psql-splitting-cases.sql";
        List<String> lexed = assertSplitsLikePsql(cases, () -> getClass().getResourceAsStream(cases));
        assertThat(lexed).as("statements of " + cases).hasSize(20);
    }

    private interface Script {
        InputStream open() throws IOException;
    }

    /**
     * The statements of the script, once they have been found equal to what psql sent. Both are
     * compared from the first token to the last: psql also sends a block comment that comes before a
     * statement (the lexer skips comments between statements) and leaves out the line end of a
     * statement that the script's end cuts off. The server does the same with either.
     */
    private static List<String> assertSplitsLikePsql(String name, Script script) throws Exception {
        Path psql = psql();
        List<String> lexed = lexedStatements(script, name).stream().map(String::stripTrailing).toList();
        List<String> sent = sentByPsql(psql, script).stream().map(q -> SqlText.withoutLeadingComments(q).stripTrailing()).toList();
        assertThat(lexed).as("statements the lexer finds in " + name + " against the queries psql sent")
                .containsExactlyElementsOf(sent);
        return lexed;
    }

    private static Path psql() {
        try {
            return new PgTools(null).find("psql");
        } catch (UserError e) {
            assumeTrue(false, "psql is not on the PATH, so there is nothing to compare the lexer with: " + e.getMessage());
            throw e;
        }
    }

    private static List<String> lexedStatements(Script script, String name) throws IOException {
        List<String> statements = new ArrayList<>();
        try (InputStream in = script.open()) {
            PsqlScriptLexer lexer = new PsqlScriptLexer(in, name);
            for (ScriptItemBytes item = lexer.next(); item != null; item = lexer.next()) {
                if (!item.item().isMetaCommand()) {
                    statements.add(item.text(StandardCharsets.UTF_8));
                }
            }
        }
        return statements;
    }

    private static List<String> sentByPsql(Path psql, Script script) throws Exception {
        ConnectionSettings server = TestPg.server();
        String database = TestPg.uniqueName("t_lexer_");
        try (PgAdmin admin = TestPg.admin(); PsqlQueryRecorder recorder = new PsqlQueryRecorder(server.host(), server.port())) {
            admin.create(database);
            try {
                runPsql(psql, script, server, database, recorder.port());
                return recorder.queries();
            } finally {
                admin.dropForce(database);
            }
        }
    }

    private static void runPsql(Path psql, Script script, ConnectionSettings server, String database, int port) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(psql.toString(), "-X", "-q", "-f", "-");
        builder.environment().putAll(server.libpqEnvironment(database));
        builder.environment().put("PGHOST", "127.0.0.1");
        builder.environment().put("PGPORT", Integer.toString(port));
        builder.environment().put("PGSSLMODE", "disable");
        builder.environment().put("PGGSSENCMODE", "disable");
        builder.redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
        Process process = builder.start();
        try (InputStream in = script.open(); OutputStream toPsql = process.getOutputStream()) {
            in.transferTo(toPsql);
        }
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).as("psql finished").isTrue();
        assertThat(process.exitValue()).as("psql's exit code (errors of single statements do not count)").isZero();
    }

    private static InputStream open(Path dump) throws IOException {
        InputStream in = Files.newInputStream(dump);
        return dump.toString().endsWith(".gz") ? new GZIPInputStream(in) : in;
    }
}
