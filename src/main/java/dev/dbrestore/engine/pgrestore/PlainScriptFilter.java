package dev.dbrestore.engine.pgrestore;

import dev.dbrestore.engine.OwnerAndPrivilegeStatements;
import dev.dbrestore.engine.PsqlMetaCommands;
import dev.dbrestore.engine.SubscriptionStatements;
import dev.dbrestore.sql.PsqlScriptLexer;
import dev.dbrestore.sql.ScriptItem;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Copies a plain-SQL dump to psql statement by statement, split by {@link PsqlScriptLexer} as psql
 * itself splits it, giving it the meaning of {@code pg_restore --no-owner --no-privileges}:
 * ownership and privilege statements (and, unless kept, subscriptions) are dropped, a psql
 * meta-command pg_dump does not write stops the restore before psql sees it, and a few statements trigger preparation first
 * (roles of a policy, the heroku_ext schema). Comments between statements are left out; COPY data
 * streams through unchanged. Memory stays bounded: only the first MiB of a statement is held back
 * until it is known whether psql gets it, and a longer statement is passed on unexamined.
 */
public final class PlainScriptFilter {
    private static final int HELD_BACK = 1 << 20;
    private static final byte[] END_OF_COPY = "\\.\n".getBytes(StandardCharsets.US_ASCII);

    /** What the filter does before a statement it examined. */
    public interface StatementHook {
        /**
         * Called before a {@code CREATE POLICY} or {@code CREATE EXTENSION} statement reaches psql; returns
         * SQL to send to psql just before it, or null. (psql runs behind the filter, so anything that
         * must happen in order goes through the stream, not a side connection.)
         */
        String beforeStatement(String statement);
    }

    private final boolean dropTransactionTimeout;
    private final boolean keepSubscriptions;
    private final StatementHook hook;
    private final Consumer<String> dropped;
    private long droppedCount;
    private PsqlScriptLexer lexer;
    private String label;
    /** The line of the item being decided (a statement over the held-back MiB is decided before its end: then the line read last). */
    private int itemLine;

    /** A filter that also leaves out the dump's subscriptions. */
    public PlainScriptFilter(boolean dropTransactionTimeout, StatementHook hook, Consumer<String> dropped) {
        this(dropTransactionTimeout, false, hook, dropped);
    }

    public PlainScriptFilter(boolean dropTransactionTimeout, boolean keepSubscriptions, StatementHook hook,
                             Consumer<String> dropped) {
        this.dropTransactionTimeout = dropTransactionTimeout;
        this.keepSubscriptions = keepSubscriptions;
        this.hook = hook;
        this.dropped = dropped;
    }

    public long droppedCount() {
        return droppedCount;
    }

    /** Filters the script {@code in} (named {@code label} in errors) into psql's standard input {@code out}. */
    public void copy(InputStream in, String label, OutputStream out) throws IOException {
        this.lexer = new PsqlScriptLexer(in, label);
        this.label = label;
        try {
            while (true) {
                HeldStatement statement = new HeldStatement(out);
                itemLine = 0;
                ScriptItem item = lexer.next(statement);
                if (item == null) {
                    break;
                }
                itemLine = item.line();
                if (statement.end()) {
                    out.write('\n');
                    if (item.copyFromStdin()) {
                        lexer.copyData().transferTo(out);
                        out.write(END_OF_COPY);
                    }
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        out.flush();
    }

    /** Whether psql gets the statement that starts with {@code head}, and what goes before it. */
    private boolean pass(String head, OutputStream out) throws IOException {
        if (head.startsWith("\\")) {
            // psql would run it: only the ones pg_dump writes, and \connect would leave the target database
            PsqlMetaCommands.requireWrittenByPgDump(head, label, itemLine > 0 ? itemLine : lexer.line());
            return !PsqlMetaCommands.isConnect(head);
        }
        if (drop(head)) {
            droppedCount++;
            dropped.accept(head);
            return false;
        }
        String upper = head.toUpperCase(Locale.ROOT);
        if (upper.startsWith("CREATE POLICY") || upper.startsWith("CREATE EXTENSION")) {
            String inject = hook.beforeStatement(head);
            if (inject != null) {
                out.write((inject + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }
        return true;
    }

    private boolean drop(String statement) {
        return OwnerAndPrivilegeStatements.isOwnership(statement) || OwnerAndPrivilegeStatements.isPrivilege(statement)
                || (!keepSubscriptions && SubscriptionStatements.isSubscription(statement))
                || (dropTransactionTimeout && statement.regionMatches(true, 0, "SET transaction_timeout", 0, 23));
    }

    /**
     * One statement on its way to psql: its start is held back until the whole statement, or its
     * first MiB, has been seen; then it goes on to psql or nowhere.
     */
    private final class HeldStatement extends OutputStream {
        private final OutputStream psql;
        private final ByteArrayOutputStream head = new ByteArrayOutputStream();
        private Boolean passes;

        HeldStatement(OutputStream psql) {
            this.psql = psql;
        }

        @Override
        public void write(int b) throws IOException {
            if (passes == null) {
                head.write(b);
                if (head.size() >= HELD_BACK) {
                    decide();
                }
            } else if (passes) {
                psql.write(b);
            }
        }

        /** After the statement's last byte: whether psql got it. */
        boolean end() throws IOException {
            if (passes == null) {
                decide();
            }
            return passes;
        }

        private void decide() throws IOException {
            passes = pass(head.toString(StandardCharsets.UTF_8), psql);
            if (passes) {
                head.writeTo(psql);
            }
        }
    }
}
