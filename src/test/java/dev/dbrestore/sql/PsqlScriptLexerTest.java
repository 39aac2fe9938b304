package dev.dbrestore.sql;

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

class PsqlScriptLexerTest {

    @Test
    void splitsAtSemicolonsOutsideQuotesCommentsAndParentheses() {
        String script = """
                -- a comment; not a statement end
                SELECT 'it''s; fine', "odd;name" FROM t; /* block; /* nested; */ still comment; */
                CREATE RULE r AS ON INSERT TO t DO INSTEAD (INSERT INTO u VALUES (1); INSERT INTO v VALUES (2));
                SELECT E'back\\'slash;' AS x;
                SELECT U&'d\\0061t;a', B'1010', X'1F', "semi;""colon";
                SELECT 1 -- a comment inside; stays
                  + 1;
                SELECT 1""";
        assertThat(statements(script)).containsExactly(
                "SELECT 'it''s; fine', \"odd;name\" FROM t;",
                "CREATE RULE r AS ON INSERT TO t DO INSTEAD (INSERT INTO u VALUES (1); INSERT INTO v VALUES (2));",
                "SELECT E'back\\'slash;' AS x;",
                "SELECT U&'d\\0061t;a', B'1010', X'1F', \"semi;\"\"colon\";",
                "SELECT 1 -- a comment inside; stays\n  + 1;",
                "SELECT 1");
    }

    @Test
    void escapeStringsOnlyAfterALoneE() {
        assertThat(statements("SELECT e'a\\';b';\nSELECT some'a\\';\nSELECT 2;"))
                .containsExactly("SELECT e'a\\';b';", "SELECT some'a\\';", "SELECT 2;");
    }

    @Test
    void dollarQuotesWithTagsHideSemicolonsQuotesAndOtherTags() {
        String script = """
                CREATE FUNCTION f() RETURNS text LANGUAGE plpgsql AS $a$
                BEGIN
                  EXECUTE $b$ SELECT 'x;' $not$ ; $b$;
                  RETURN $$it's; "quoted"$$ || $x$;$x$;
                END
                $a$;
                SELECT $1, a$b, $$$$, $_t9$;$_t9$ FROM t;
                """;
        List<String> statements = statements(script);
        assertThat(statements).hasSize(2);
        assertThat(statements.get(0)).startsWith("CREATE FUNCTION").endsWith("END\n$a$;");
        assertThat(statements.get(1)).isEqualTo("SELECT $1, a$b, $$$$, $_t9$;$_t9$ FROM t;");
    }

    @Test
    void aDollarQuoteClosesAtTheFirstMatchingTagEvenInsideAnother() {
        assertThat(statements("SELECT $a$ x $b$a$;\nSELECT 2;")).containsExactly("SELECT $a$ x $b$a$;", "SELECT 2;");
    }

    @Test
    void sqlStandardFunctionAndProcedureBodiesStayWhole() {
        String script = """
                CREATE FUNCTION public.add_one(i integer) RETURNS integer
                    LANGUAGE sql
                    BEGIN ATOMIC
                 SELECT CASE WHEN (i > 0) THEN (i + 1) ELSE 0 END AS "case";
                 SELECT (i + 1);
                END;
                CREATE OR REPLACE PROCEDURE p() LANGUAGE sql BEGIN ATOMIC INSERT INTO t VALUES (1); INSERT INTO t VALUES (2); END;
                BEGIN;
                SELECT 'end';
                END;
                """;
        List<String> statements = statements(script);
        assertThat(statements).hasSize(5);
        assertThat(statements.get(0)).endsWith(" SELECT (i + 1);\nEND;");
        assertThat(statements.get(1)).endsWith("INSERT INTO t VALUES (2); END;");
        assertThat(statements.subList(2, 5)).containsExactly("BEGIN;", "SELECT 'end';", "END;");
    }

    @Test
    void beginInsideParenthesesOrOtherStatementsIsAnOrdinaryWord() {
        assertThat(statements("CREATE TABLE begin_log (begin int);\nSELECT 1;"))
                .containsExactly("CREATE TABLE begin_log (begin int);", "SELECT 1;");
        assertThat(statements("CREATE FUNCTION f(begin int) RETURNS int LANGUAGE sql RETURN 1;\nSELECT 1;"))
                .containsExactly("CREATE FUNCTION f(begin int) RETURNS int LANGUAGE sql RETURN 1;", "SELECT 1;");
    }

    @Test
    void backslashEscapesEveryStringWhenStandardConformingStringsIsOff() {
        String script = """
                SET standard_conforming_strings = off;
                SELECT 'a\\';b';
                SET standard_conforming_strings = on;
                SELECT 'c\\';
                SELECT 2;
                """;
        assertThat(statements(script)).containsExactly("SET standard_conforming_strings = off;", "SELECT 'a\\';b';",
                "SET standard_conforming_strings = on;", "SELECT 'c\\';", "SELECT 2;");
        PsqlScriptLexer lexer = lexer("SELECT 'a\\';b';\nSELECT 2;");
        lexer.backslashEscapes(true);
        assertThat(lexer.next().text(StandardCharsets.UTF_8)).isEqualTo("SELECT 'a\\';b';");
    }

    @Test
    void metaCommandsAreOneLineAndSeparate() {
        PsqlScriptLexer lexer = lexer("--\n-- PostgreSQL database dump\n--\n\n\\restrict abc123\n\nSET x = 1;\n\\connect acme\n");
        ScriptItemBytes restrict = lexer.next();
        assertThat(restrict.item().isMetaCommand()).isTrue();
        assertThat(restrict.text(StandardCharsets.UTF_8)).isEqualTo("\\restrict abc123");
        assertThat(restrict.item().line()).isEqualTo(5);
        ScriptItemBytes set = lexer.next();
        assertThat(set.item().isMetaCommand()).isFalse();
        assertThat(set.item().line()).isEqualTo(7);
        assertThat(lexer.next().text(StandardCharsets.UTF_8)).isEqualTo("\\connect acme");
        assertThat(lexer.next()).isNull();
        assertThat(lexer.looksTruncated()).isTrue();
    }

    @Test
    void aBackslashInsideQuotesIsNotAMetaCommandButOneInAStatementEndsIt() {
        assertThat(statements("SELECT '\\i not a command', E'\\\\set', $$\\x$$, \"a\\b\";\n")).hasSize(1);
        PsqlScriptLexer lexer = lexer("SELECT 1\n\\g\n");
        ScriptItemBytes select = lexer.next();
        assertThat(select.item().semicolon()).isFalse();
        assertThat(select.text(StandardCharsets.UTF_8)).isEqualTo("SELECT 1\n");
        assertThat(lexer.next().item().isMetaCommand()).isTrue();
    }

    @Test
    void linesAreThoseOfTheFirstToken() {
        PsqlScriptLexer lexer = lexer("-- header\n\nUPDATE a SET x = 1;\n/* block */ UPDATE b\n  SET y = 2;\n\nSELECT 3");
        List<Integer> lines = new ArrayList<>();
        for (ScriptItemBytes item = lexer.next(); item != null; item = lexer.next()) {
            lines.add(item.item().line());
        }
        assertThat(lines).containsExactly(3, 4, 7);
    }

    @Test
    void whatTheEndOfTheScriptLeavesOpenIsReportedWithTheLineItOpensOn() {
        assertThat(lexer("SELECT 1;\nSELECT 'oops;\n").next().item().unclosed()).isNull();
        assertThat(last("SELECT 1;\nSELECT 'oops;\n").unclosed()).isEqualTo(new ScriptItem.Unclosed("string", 2));
        assertThat(last("DO $x$ BEGIN END $y$;").unclosed()).isEqualTo(new ScriptItem.Unclosed("dollar-quoted string $x$", 1));
        assertThat(last("\n/* /* */").unclosed()).isEqualTo(new ScriptItem.Unclosed("/* comment", 2));
        assertThat(last("SELECT \"x").unclosed()).isEqualTo(new ScriptItem.Unclosed("quoted identifier", 1));
    }

    @Test
    void copyDataStreamsUpToTheEndMarkerAndLexingGoesOn() throws IOException {
        String script = "COPY t (a, b) FROM stdin;\n1\tx\\\\.y\n\\\\.\n2\t\\N\n\\.\n\n\nSELECT 3;\n";
        PsqlScriptLexer lexer = lexer(script);
        ScriptItemBytes copy = lexer.next();
        assertThat(copy.text(StandardCharsets.UTF_8)).isEqualTo("COPY t (a, b) FROM stdin;");
        assertThat(copy.item().copyFromStdin()).isTrue();
        InputStream rows = lexer.copyData();
        assertThat(new String(rows.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("1\tx\\\\.y\n\\\\.\n2\t\\N\n");
        assertThat(lexer.next().text(StandardCharsets.UTF_8)).isEqualTo("SELECT 3;");
    }

    @Test
    void streamsAPlainDumpWithMetaCommandsAndCopyData() throws IOException {
        String dump = """
                \\restrict abc123
                SET client_encoding = 'UTF8';
                COPY public.t (id, s) FROM stdin;
                1\tsemi;colon 'quote
                2\t\\N
                \\.
                SELECT 1;
                \\unrestrict abc123
                """;
        PsqlScriptLexer lexer = lexer(dump);
        assertThat(lexer.next().item()).isEqualTo(new ScriptItem(ScriptItem.ItemKind.META_COMMAND, 1, false, false, null));
        assertThat(lexer.next().text(StandardCharsets.UTF_8)).isEqualTo("SET client_encoding = 'UTF8';");
        assertThat(lexer.next().item().copyFromStdin()).isTrue();
        assertThat(new String(lexer.copyData().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("1\tsemi;colon 'quote\n2\t\\N\n");
        ScriptItemBytes select = lexer.next();
        assertThat(select.item()).isEqualTo(new ScriptItem(ScriptItem.ItemKind.STATEMENT, 7, true, false, null));
        assertThat(lexer.next().text(StandardCharsets.UTF_8)).isEqualTo("\\unrestrict abc123");
        assertThat(lexer.next()).isNull();
    }

    @Test
    void rowsNotReadAreSkipped() {
        assertThat(statements("COPY t FROM STDIN WITH (FORMAT csv);\n1;2\n\\.\nSELECT 1;\nCOPY u TO stdout;\nSELECT 2;"))
                .containsExactly("COPY t FROM STDIN WITH (FORMAT csv);", "SELECT 1;", "COPY u TO stdout;", "SELECT 2;");
    }

    @Test
    void copyDataWithWindowsLineEnds() throws IOException {
        PsqlScriptLexer lexer = lexer("COPY t FROM stdin;\r\n1\r\n\\.\r\nSELECT 1;");
        lexer.next();
        assertThat(new String(lexer.copyData().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("1\r\n");
        assertThat(lexer.next().text(StandardCharsets.UTF_8)).isEqualTo("SELECT 1;");
    }

    @Test
    void copyDataCutShortIsATruncation() {
        PsqlScriptLexer lexer = lexer("COPY t FROM stdin;\n1\n2\n");
        lexer.next();
        assertThatThrownBy(() -> lexer.copyData().readAllBytes())
                .isInstanceOf(UserError.class).hasMessageContaining("test.sql is truncated: it ends at line 4");
    }

    @Test
    void aCompleteDumpIsNotTruncated() {
        PsqlScriptLexer lexer = lexer("--\n-- PostgreSQL database dump\n--\nSELECT 1;\n--\n-- PostgreSQL database dump complete\n--\n\n\\unrestrict k\n");
        while (lexer.next() != null) {
            // read all
        }
        assertThat(lexer.looksTruncated()).isFalse();
    }

    @Test
    void readsLargeStatementsAcrossBufferBoundaries() {
        String big = "SELECT '" + "x".repeat(200_000) + "';";
        String dollar = "SELECT $" + "t".repeat(70_000) + "$;";
        assertThat(statements(big + "\n" + big + "\n" + dollar)).containsExactly(big, big, dollar);
    }

    @Test
    void sqlTextSkipsLeadingCommentsOnly() {
        assertThat(SqlText.withoutLeadingComments("-- x\n /* a /* b */ */ SELECT 1; -- y")).isEqualTo("SELECT 1; -- y");
        assertThat(SqlText.hasCode("-- *not* creating schema, since initdb creates it\n")).isFalse();
        assertThat(SqlText.excerpt("-- c\nSELECT\n  1")).isEqualTo("SELECT 1");
    }

    private static List<String> statements(String script) {
        PsqlScriptLexer lexer = lexer(script);
        List<String> statements = new ArrayList<>();
        for (ScriptItemBytes item = lexer.next(); item != null; item = lexer.next()) {
            statements.add(item.text(StandardCharsets.UTF_8));
        }
        return statements;
    }

    private static ScriptItem last(String script) {
        PsqlScriptLexer lexer = lexer(script);
        ScriptItem last = null;
        for (ScriptItemBytes item = lexer.next(); item != null; item = lexer.next()) {
            last = item.item();
        }
        return last;
    }

    private static PsqlScriptLexer lexer(String script) {
        return new PsqlScriptLexer(new ByteArrayInputStream(script.getBytes(StandardCharsets.UTF_8)), "test.sql");
    }
}
