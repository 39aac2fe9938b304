package dev.dbrestore.engine.nativeengine;

import dev.dbrestore.support.UserError;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScriptScannerTest {

    @Test
    void splitsAtSemicolonsOutsideQuotesCommentsAndParentheses() {
        String script = """
                -- a comment; not a statement end
                SELECT 'it''s; fine', "odd;name" FROM t; /* block; /* nested; */ still comment; */
                CREATE RULE r AS ON INSERT TO t DO INSTEAD (INSERT INTO u VALUES (1); INSERT INTO v VALUES (2));
                SELECT E'back\\'slash;' AS x;
                SELECT 1""";
        assertThat(codeOf(script)).containsExactly(
                "SELECT 'it''s; fine', \"odd;name\" FROM t;",
                "CREATE RULE r AS ON INSERT TO t DO INSTEAD (INSERT INTO u VALUES (1); INSERT INTO v VALUES (2));",
                "SELECT E'back\\'slash;' AS x;",
                "SELECT 1");
    }

    @Test
    void dollarQuotesHideSemicolonsAndOtherQuotes() {
        String script = """
                CREATE FUNCTION f() RETURNS text LANGUAGE plpgsql AS $body$
                BEGIN
                  RETURN $$it's; "quoted"$$ || $x$;$x$;
                END
                $body$;
                SELECT $1, a$b FROM t;
                """;
        List<String> statements = codeOf(script);
        assertThat(statements).hasSize(2);
        assertThat(statements.get(0)).startsWith("CREATE FUNCTION").endsWith("$body$;");
        assertThat(statements.get(1)).isEqualTo("SELECT $1, a$b FROM t;");
    }

    @Test
    void backslashEscapesEveryStringWhenStandardConformingStringsIsOff() {
        ScriptScanner scanner = scanner("SELECT 'a\\';b';\nSELECT 2;");
        scanner.backslashEscapes(true);
        assertThat(StatementText.withoutLeadingComments(scanner.next().text(StandardCharsets.UTF_8))).isEqualTo("SELECT 'a\\';b';");
    }

    @Test
    void metaCommandsAreOneLineAndSeparate() {
        ScriptScanner scanner = scanner("--\n-- PostgreSQL database dump\n--\n\n\\restrict abc123\n\nSET x = 1;\n\\connect acme\n");
        ScriptScanner.Statement restrict = scanner.next();
        assertThat(restrict.metaCommand()).isTrue();
        assertThat(restrict.text(StandardCharsets.UTF_8)).isEqualTo("\\restrict abc123");
        assertThat(restrict.line()).isEqualTo(5);
        ScriptScanner.Statement set = scanner.next();
        assertThat(set.metaCommand()).isFalse();
        assertThat(set.line()).isEqualTo(7);
        assertThat(scanner.next().text(StandardCharsets.UTF_8)).isEqualTo("\\connect acme");
        assertThat(scanner.next()).isNull();
        assertThat(scanner.looksTruncated()).isTrue();
    }

    @Test
    void copyDataStreamsUpToTheEndMarkerAndScanningGoesOn() throws IOException {
        String script = "COPY t (a, b) FROM stdin;\n1\tx\\\\.y\n\\\\.\n2\t\\N\n\\.\n\n\nSELECT 3;\n";
        ScriptScanner scanner = scanner(script);
        assertThat(scanner.next().text(StandardCharsets.UTF_8)).isEqualTo("COPY t (a, b) FROM stdin;");
        InputStream rows = scanner.copyData();
        assertThat(new String(rows.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("1\tx\\\\.y\n\\\\.\n2\t\\N\n");
        assertThat(StatementText.withoutLeadingComments(scanner.next().text(StandardCharsets.UTF_8))).isEqualTo("SELECT 3;");
    }

    @Test
    void copyDataWithWindowsLineEnds() throws IOException {
        ScriptScanner scanner = scanner("COPY t FROM stdin;\r\n1\r\n\\.\r\nSELECT 1;");
        scanner.next();
        assertThat(new String(scanner.copyData().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("1\r\n");
        assertThat(StatementText.withoutLeadingComments(scanner.next().text(StandardCharsets.UTF_8))).isEqualTo("SELECT 1;");
    }

    @Test
    void copyDataCutShortIsATruncation() {
        ScriptScanner scanner = scanner("COPY t FROM stdin;\n1\n2\n");
        scanner.next();
        assertThatThrownBy(() -> scanner.copyData().readAllBytes())
                .isInstanceOf(UserError.class).hasMessageContaining("test.sql is truncated: it ends at line 4");
    }

    @Test
    void aCompleteDumpIsNotTruncated() {
        ScriptScanner scanner = scanner("--\n-- PostgreSQL database dump\n--\nSELECT 1;\n--\n-- PostgreSQL database dump complete\n--\n\n\\unrestrict k\n");
        while (scanner.next() != null) {
            // read all
        }
        assertThat(scanner.looksTruncated()).isFalse();
    }

    @Test
    void readsLargeStatementsAcrossBufferBoundaries() {
        String big = "SELECT '" + "x".repeat(200_000) + "';";
        List<String> statements = codeOf(big + "\n" + big);
        assertThat(statements).containsExactly(big, big);
    }

    private static List<String> codeOf(String script) {
        ScriptScanner scanner = scanner(script);
        List<String> statements = new ArrayList<>();
        ScriptScanner.Statement statement;
        while ((statement = scanner.next()) != null) {
            statements.add(StatementText.withoutLeadingComments(statement.text(StandardCharsets.UTF_8)).strip());
        }
        return statements;
    }

    private static ScriptScanner scanner(String script) {
        return new ScriptScanner(new ByteArrayInputStream(script.getBytes(StandardCharsets.UTF_8)), "test.sql");
    }
}
