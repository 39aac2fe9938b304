package dev.dbrestore.sanitize;

import dev.dbrestore.sql.PsqlScriptLexer;
import dev.dbrestore.sql.ScriptItem;
import dev.dbrestore.sql.ScriptItemBytes;
import dev.dbrestore.support.UserError;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One statement of a sanitize SQL file, without its semicolon, and the line its first token is on.
 * Sanitize files run over JDBC, so what only psql can run (meta-commands, COPY … FROM stdin) is
 * refused when the file is split, naming the file and the line.
 */
record SqlFileStatement(String sql, int line) {

    /** The statements of {@code text}, split by {@link PsqlScriptLexer}; {@code fileName} names the file in errors. */
    static List<SqlFileStatement> split(String text, String fileName) {
        PsqlScriptLexer lexer = new PsqlScriptLexer(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), fileName);
        List<SqlFileStatement> statements = new ArrayList<>();
        ScriptItemBytes next;
        while ((next = lexer.next()) != null) {
            ScriptItem item = next.item();
            if (item.unclosed() != null) {
                throw new UserError(fileName + " line " + item.unclosed().line() + ": unterminated " + item.unclosed().what()
                        + " (runs to the end of the file)");
            }
            String sql = next.text(StandardCharsets.UTF_8);
            if (item.isMetaCommand()) {
                throw new UserError(fileName + " line " + item.line() + ": psql meta-command " + sql.split("\\s+", 2)[0]
                        + " is not SQL; sanitize files run over JDBC, not through psql. Remove it or replace it "
                        + "with SQL (\\i: list the other file under sanitize:).");
            }
            if (item.copyFromStdin()) {
                throw new UserError(fileName + " line " + item.line() + ": COPY ... FROM stdin needs psql to "
                        + "send the data; sanitize files run over JDBC. Use INSERT or COPY from a server file.");
            }
            String withoutSemicolon = item.semicolon() ? sql.substring(0, sql.length() - 1) : sql;
            statements.add(new SqlFileStatement(withoutSemicolon.stripTrailing(), item.line()));
        }
        return statements;
    }

    /** The 1-based line in the file of a 1-based character position in {@link #sql} (the server's error position). */
    int lineOfPosition(int position) {
        int result = line;
        for (int i = 0; i < Math.min(position - 1, sql.length()); i++) {
            if (sql.charAt(i) == '\n') {
                result++;
            }
        }
        return result;
    }
}
