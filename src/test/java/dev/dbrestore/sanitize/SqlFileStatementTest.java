package dev.dbrestore.sanitize;

import dev.dbrestore.support.UserError;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Sanitize files split by the one lexer: statements without semicolons, lines, and what JDBC cannot run. */
class SqlFileStatementTest {

    private static List<String> sql(String text) {
        return SqlFileStatement.split(text, "sql/test.sql").stream().map(SqlFileStatement::sql).toList();
    }

    private static List<Integer> lines(String text) {
        return SqlFileStatement.split(text, "sql/test.sql").stream().map(SqlFileStatement::line).toList();
    }

    @Test
    void splitsOnSemicolonsAndNumbersLinesFromTheFirstToken() {
        String text = "-- header\n\nUPDATE a SET x = 1;\n/* block */ UPDATE b\n  SET y = 2;\n\nSELECT 3";
        assertThat(sql(text)).containsExactly("UPDATE a SET x = 1", "UPDATE b\n  SET y = 2", "SELECT 3");
        assertThat(lines(text)).containsExactly(3, 4, 7);
    }

    @Test
    void semicolonsInsideStringsIdentifiersAndCommentsDoNotSplit() {
        String text = """
                SELECT 'a;b', 'it''s; fine', E'back\\\\slash\\'; still', "semi;colon" FROM t; -- c;omment
                SELECT 1 /* outer /* nested; */ still comment; */ + 1;
                SELECT U&'d\\0061t;a', B'1010', X'1F';
                """;
        List<String> statements = sql(text);
        assertThat(statements).hasSize(3);
        assertThat(statements.get(0)).endsWith("\"semi;colon\" FROM t");
        assertThat(statements.get(1)).isEqualTo("SELECT 1 /* outer /* nested; */ still comment; */ + 1");
        assertThat(lines(text)).containsExactly(1, 2, 3);
    }

    @Test
    void dollarQuotesWithAndWithoutTagsAndDoBlocks() {
        String text = """
                CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  NEW.x := 'a;b';
                  RETURN NEW;
                END
                $$;
                DO $body$
                DECLARE s text := $$ inner; $$;
                BEGIN
                  UPDATE t SET v = s; -- a ; in the body
                END $body$;
                SELECT $1, a$b$ FROM x;
                SELECT 'x';
                """;
        List<String> statements = sql(text);
        assertThat(statements).hasSize(4);
        assertThat(statements.get(0)).startsWith("CREATE FUNCTION").endsWith("END\n$$");
        assertThat(statements.get(1)).startsWith("DO $body$").endsWith("END $body$");
        assertThat(statements.get(2)).isEqualTo("SELECT $1, a$b$ FROM x");
        assertThat(lines(text)).containsExactly(1, 7, 12, 13);
    }

    @Test
    void sqlStandardFunctionBodiesAndRuleBodiesStayWhole() {
        String text = """
                CREATE OR REPLACE FUNCTION g(i int) RETURNS int LANGUAGE sql
                BEGIN ATOMIC
                  SELECT CASE WHEN i > 0 THEN 1 ELSE 0 END;
                  SELECT i + 1;
                END;
                CREATE RULE r AS ON INSERT TO t DO ALSO (INSERT INTO u VALUES (1); INSERT INTO u VALUES (2));
                BEGIN;
                COMMIT;
                """;
        List<String> statements = sql(text);
        assertThat(statements).hasSize(4);
        assertThat(statements.get(0)).endsWith("SELECT i + 1;\nEND");
        assertThat(statements.get(1)).endsWith("VALUES (2))");
        assertThat(statements.subList(2, 4)).containsExactly("BEGIN", "COMMIT");
    }

    @Test
    void aPsqlMetaCommandIsAnErrorNamingFileAndLine() {
        String text = "UPDATE a SET x = 1;\n-- comment\n\\set ON_ERROR_STOP on\nUPDATE b SET y = 2;\n";
        assertThatThrownBy(() -> SqlFileStatement.split(text, "sql/anonymize.sql"))
                .isInstanceOf(UserError.class)
                .hasMessageStartingWith("sql/anonymize.sql line 3: psql meta-command \\set is not SQL");
        assertThatThrownBy(() -> SqlFileStatement.split("SELECT 1;\n  \\i other.sql\n", "f.sql"))
                .hasMessageStartingWith("f.sql line 2: psql meta-command \\i");
    }

    @Test
    void aBackslashInsideStringsIsNotAMetaCommand() {
        assertThat(sql("SELECT '\\i not a command', E'\\\\set', $$\\x$$;\n")).hasSize(1);
    }

    @Test
    void unterminatedQuotesAreErrorsWithTheLineWhereTheyStart() {
        assertThatThrownBy(() -> SqlFileStatement.split("SELECT 1;\nSELECT 'oops;\n", "f.sql"))
                .hasMessage("f.sql line 2: unterminated string (runs to the end of the file)");
        assertThatThrownBy(() -> SqlFileStatement.split("DO $x$ BEGIN END $y$;", "f.sql"))
                .hasMessageContaining("line 1: unterminated dollar-quoted string $x$");
        assertThatThrownBy(() -> SqlFileStatement.split("\n/* /* */", "f.sql"))
                .hasMessageContaining("line 2: unterminated /* comment");
    }

    @Test
    void serverErrorPositionMapsToTheFileLine() {
        SqlFileStatement statement = SqlFileStatement.split("\n\nUPDATE t\n   SET x = nope(x)\n WHERE 1 = 1;", "f.sql").get(0);
        int position = statement.sql().indexOf("nope") + 1;
        assertThat(statement.lineOfPosition(position)).isEqualTo(4);
    }

    @Test
    void copyFromStdinIsRejectedInSanitizeFiles() {
        assertThatThrownBy(() -> SqlFileStatement.split("COPY t FROM stdin;\n1\n\\.\n", "f.sql"))
                .hasMessageContaining("f.sql line 1: COPY ... FROM stdin needs psql");
    }

    @Test
    void theAnonymizeFixtureSplitsIntoItsFiveStatements() throws Exception {
        String text = java.nio.file.Files.readString(dev.dbrestore.testing.Fixtures.acme("anonymize.sql"));
        List<SqlFileStatement> statements = SqlFileStatement.split(text, "anonymize.sql");
        assertThat(statements).extracting(s -> s.sql().split("\\s+")[0] + " " + s.sql().split("\\s+")[1])
                .containsExactly("UPDATE auth_user", "UPDATE newsletter_subscriber", "UPDATE store_purchase",
                        "UPDATE store_transaction", "TRUNCATE django_session,");
        assertThat(statements.get(0).line()).isEqualTo(10);
    }
}
