package dev.dbrestore.sanitize;

import dev.dbrestore.sql.PsqlScriptLexer;
import dev.dbrestore.sql.SqlToken;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What one sanitize statement does to tables and columns, read from its tokens
 * ({@link PsqlScriptLexer#tokens}): the columns an {@code UPDATE … SET} assigns, the tables a
 * {@code TRUNCATE}, a {@code DELETE} without {@code WHERE} or a {@code DROP TABLE} empties, the
 * columns an {@code ALTER TABLE … DROP COLUMN} drops, and every identifier it mentions.
 *
 * <p>Only these count as covering a column under {@code piiCheck: strict}: a {@code SELECT email FROM
 * auth_user}, a {@code WHERE email …} or an {@code UPDATE} of another column mentions the column but
 * leaves its values as they were. Statements inside function bodies (dollar quotes) are opaque, as
 * are {@code DO} blocks: their effects do not count.
 *
 * @param assigned  columns set by an UPDATE
 * @param emptied   tables left without rows (or without existence): TRUNCATE, DELETE without WHERE, DROP TABLE
 * @param cascade   tables a {@code TRUNCATE … CASCADE} empties, whose referencing tables it empties too
 * @param dropped   columns dropped by ALTER TABLE
 * @param mentioned every identifier (folded as PostgreSQL folds it), for the looser modes' "mentioned" coverage
 */
record StatementEffects(List<ColumnName> assigned, List<TableName> emptied, List<TableName> cascade,
                        List<ColumnName> dropped, Set<String> mentioned) {

    /** A table as a statement names it: {@code schema} null when unqualified. */
    record TableName(String schema, String name) {
    }

    record ColumnName(TableName table, String column) {
    }

    static StatementEffects of(String sql) {
        return new Reader(PsqlScriptLexer.tokens(sql)).read();
    }

    /** Walks the tokens once; each recognised statement start reads what follows it. */
    private static final class Reader {
        private final List<SqlToken> tokens;
        private final List<ColumnName> assigned = new ArrayList<>();
        private final List<TableName> emptied = new ArrayList<>();
        private final List<TableName> cascade = new ArrayList<>();
        private final List<ColumnName> dropped = new ArrayList<>();
        private final Set<String> mentioned = new LinkedHashSet<>();
        private int at;

        Reader(List<SqlToken> tokens) {
            this.tokens = tokens;
        }

        StatementEffects read() {
            for (int i = 0; i < tokens.size(); i++) {
                SqlToken token = tokens.get(i);
                if (token.identifier() != null) {
                    mentioned.add(token.identifier());
                }
                SqlToken before = i == 0 ? null : tokens.get(i - 1);
                if (token.is("update") && !(before != null && (before.is("do") || before.is("for") || before.is("key")))) {
                    update(i);
                } else if (token.is("truncate")) {
                    truncate(i);
                } else if (token.is("delete") && next(i + 1, "from")) {
                    delete(i);
                } else if (token.is("drop") && next(i + 1, "table") && (before == null || before.is(';'))) {
                    dropTable(i);
                } else if (token.is("alter") && next(i + 1, "table")) {
                    alterTable(i);
                }
            }
            return new StatementEffects(assigned, emptied, cascade, dropped, mentioned);
        }

        /** {@code UPDATE [ONLY] name [*] [[AS] alias] SET col = …, (col, col) = …} up to FROM/WHERE/RETURNING. */
        private void update(int start) {
            int depth = tokens.get(start).depth();
            at = start + 1;
            skipWord("only");
            TableName table = tableName();
            if (table == null) {
                return;
            }
            skipSymbol('*');
            skipWord("as");
            if (at < tokens.size() && !tokens.get(at).is("set") && tokens.get(at).identifier() != null) {
                at++; // the alias
            }
            if (!word("set")) {
                return;
            }
            boolean itemStart = true;
            for (; at < tokens.size(); at++) {
                SqlToken t = tokens.get(at);
                if (t.depth() < depth || (t.depth() == depth && (t.is(';') || t.is("from") || t.is("where")
                        || t.is("returning")))) {
                    return;
                }
                if (t.depth() == depth && t.is(',')) {
                    itemStart = true;
                } else if (itemStart && t.depth() == depth && t.is('(')) {
                    // (a, b) = (…): the names inside the parenthesis, up to its end
                    for (at++; at < tokens.size() && !(tokens.get(at).depth() == depth && tokens.get(at).is(')')); at++) {
                        addAssigned(table, tokens.get(at));
                    }
                    itemStart = false;
                } else if (itemStart) {
                    addAssigned(table, t);
                    itemStart = false;
                }
            }
        }

        private void addAssigned(TableName table, SqlToken token) {
            if (token.identifier() != null) {
                assigned.add(new ColumnName(table, token.identifier()));
            }
        }

        /** {@code TRUNCATE [TABLE] [ONLY] name [*] [, …] [RESTART|CONTINUE IDENTITY] [CASCADE|RESTRICT]}. */
        private void truncate(int start) {
            at = start + 1;
            skipWord("table");
            List<TableName> names = new ArrayList<>();
            do {
                skipWord("only");
                TableName table = tableName();
                if (table == null) {
                    return;
                }
                names.add(table);
                skipSymbol('*');
            } while (symbol(','));
            emptied.addAll(names);
            for (; at < tokens.size() && !tokens.get(at).is(';'); at++) {
                if (tokens.get(at).is("cascade")) {
                    cascade.addAll(names);
                }
            }
        }

        /** {@code DELETE FROM [ONLY] name …}: empties the table when no WHERE follows at its level. */
        private void delete(int start) {
            int depth = tokens.get(start).depth();
            at = start + 2;
            skipWord("only");
            TableName table = tableName();
            if (table == null) {
                return;
            }
            for (; at < tokens.size(); at++) {
                SqlToken t = tokens.get(at);
                if (t.depth() < depth || (t.depth() == depth && t.is(';'))) {
                    break;
                }
                if (t.depth() == depth && t.is("where")) {
                    return;
                }
            }
            emptied.add(table);
        }

        /** {@code DROP TABLE [IF EXISTS] name [, …]}. */
        private void dropTable(int start) {
            at = start + 2;
            skipIfExists();
            do {
                TableName table = tableName();
                if (table == null) {
                    return;
                }
                emptied.add(table);
            } while (symbol(','));
        }

        /** {@code ALTER TABLE [IF EXISTS] [ONLY] name [*] action [, …]}: each {@code DROP [COLUMN] [IF EXISTS] col}. */
        private void alterTable(int start) {
            int depth = tokens.get(start).depth();
            at = start + 2;
            skipIfExists();
            skipWord("only");
            TableName table = tableName();
            if (table == null) {
                return;
            }
            skipSymbol('*');
            boolean actionStart = true;
            for (; at < tokens.size(); at++) {
                SqlToken t = tokens.get(at);
                if (t.depth() < depth || (t.depth() == depth && t.is(';'))) {
                    return;
                }
                if (t.depth() == depth && t.is(',')) {
                    actionStart = true;
                    continue;
                }
                if (actionStart && t.is("drop")) {
                    at++;
                    skipWord("column");
                    skipIfExists();
                    if (at < tokens.size() && !tokens.get(at).is("constraint") && tokens.get(at).identifier() != null) {
                        dropped.add(new ColumnName(table, tokens.get(at).identifier()));
                    }
                }
                actionStart = false;
            }
        }

        /** {@code name} or {@code schema.name}, each a word or a quoted identifier; null if none is here. */
        private TableName tableName() {
            if (at >= tokens.size() || tokens.get(at).identifier() == null) {
                return null;
            }
            String first = tokens.get(at++).identifier();
            if (at + 1 < tokens.size() && tokens.get(at).is('.') && tokens.get(at + 1).identifier() != null) {
                String second = tokens.get(at + 1).identifier();
                at += 2;
                return new TableName(first, second);
            }
            return new TableName(null, first);
        }

        private void skipIfExists() {
            if (next(at, "if") && next(at + 1, "exists")) {
                at += 2;
            }
        }

        private boolean next(int index, String keyword) {
            return index < tokens.size() && tokens.get(index).is(keyword);
        }

        private void skipWord(String keyword) {
            word(keyword);
        }

        private boolean word(String keyword) {
            if (next(at, keyword)) {
                at++;
                return true;
            }
            return false;
        }

        private void skipSymbol(char c) {
            symbol(c);
        }

        private boolean symbol(char c) {
            if (at < tokens.size() && tokens.get(at).is(c)) {
                at++;
                return true;
            }
            return false;
        }
    }
}
