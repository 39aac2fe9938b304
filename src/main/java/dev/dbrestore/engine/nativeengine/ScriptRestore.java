package dev.dbrestore.engine.nativeengine;

import dev.dbrestore.archive.PgEncoding;
import dev.dbrestore.archive.PolicyRoles;
import dev.dbrestore.archive.TableNames;
import dev.dbrestore.engine.OwnerAndPrivilegeStatements;
import dev.dbrestore.engine.PsqlMetaCommands;
import dev.dbrestore.engine.SubscriptionStatements;
import dev.dbrestore.sql.PsqlScriptLexer;
import dev.dbrestore.sql.Quote;
import dev.dbrestore.sql.ScriptItem;
import dev.dbrestore.sql.ScriptItemBytes;
import dev.dbrestore.sql.SqlText;
import dev.dbrestore.support.Progress;
import dev.dbrestore.support.UserError;

import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs a plain SQL dump (pg_dump -Fp, possibly gunzipped) over JDBC like psql would, split into
 * statements by {@link PsqlScriptLexer}, with the semantics of the archive restore: no ownership,
 * no privileges, no database-level statements, COPY blocks streamed, and the psql meta-commands
 * pg_dump writes ({@code &#92;connect}, {@code &#92;restrict}, {@code &#92;unrestrict}) understood
 * rather than sent to the server.
 */
final class ScriptRestore {
    private static final Pattern DATABASE_LEVEL = Pattern.compile(
            "(?is)^((CREATE|DROP|ALTER)\\s+DATABASE\\b|COMMENT\\s+ON\\s+DATABASE\\b|SECURITY\\s+LABEL\\b.*?\\bON\\s+DATABASE\\b).*");
    private static final Pattern SETTING = Pattern.compile("(?is)^SET\\s+(?:SESSION\\s+)?([a-z_.]+)\\s*(?:=|\\bTO\\b)\\s*(.*?);?\\s*$");
    private static final Pattern COPY_TABLE = Pattern.compile(
            "(?is)^COPY\\s+((?:\"(?:[^\"]|\"\")*\"|[^\\s(\".]+)(?:\\.(?:\"(?:[^\"]|\"\")*\"|[^\\s(\".]+))?).*");
    private static final Pattern CREATE_EXTENSION = Pattern.compile(
            "(?is)^CREATE\\s+EXTENSION\\b.*?\\bSCHEMA\\s+(\"(?:[^\"]|\"\")+\"|[A-Za-z_][A-Za-z0-9_$]*).*");
    private static final Pattern STATISTICS = Pattern.compile("(?is).*\\bpg_catalog\\.pg_restore_(relation|attribute)_stats\\s*\\(.*");

    /** The longest statement held in memory (a row of a dump made with --inserts; COPY rows stream). */
    static final int MAX_STATEMENT_BYTES = 16 << 20;

    private final PsqlScriptLexer lexer;
    private final String label;
    private final TargetSession session;
    private final Progress progress;
    private final TableNames excluded;
    private final boolean createMissingRoles;
    private final boolean keepSubscriptions;
    private final int serverMajor;
    private Charset charset = StandardCharsets.UTF_8;
    private int skippedOwnership;
    private int skippedPrivileges;
    private int skippedStatistics;
    private int skippedSubscriptions;
    private long rowsCopied;

    ScriptRestore(InputStream script, String label, TargetSession session, Progress progress, TableNames excluded,
                  boolean createMissingRoles, boolean keepSubscriptions) {
        this.lexer = new PsqlScriptLexer(script, label);
        this.label = label;
        this.session = session;
        this.progress = progress;
        this.excluded = excluded;
        this.createMissingRoles = createMissingRoles;
        this.keepSubscriptions = keepSubscriptions;
        this.serverMajor = session.serverMajor();
    }

    void run() {
        ScriptItemBytes next;
        while ((next = lexer.next(MAX_STATEMENT_BYTES)) != null) {
            ScriptItem item = next.item();
            String where = "line " + item.line() + " of " + label;
            if (item.unclosed() != null) {
                throw new UserError(label + " is truncated or damaged: it ends at line " + lexer.line() + " inside a "
                        + item.unclosed().what() + " opened at line " + item.unclosed().line() + ". Download the backup again.");
            }
            if (item.isMetaCommand()) {
                metaCommand(next.text(charset).strip(), item.line());
            } else if (item.copyFromStdin()) {
                copy(next.text(charset), where);
            } else {
                statement(next.text(charset), where);
            }
        }
        if (lexer.looksTruncated()) {
            throw new UserError(label + " is truncated: it ends at line " + lexer.line() + " without pg_dump's closing "
                    + "'-- PostgreSQL database dump complete' line. Download the backup again.");
        }
        progress.info("Ran " + label + ": " + rowsCopied + " table rows; skipped " + skippedOwnership
                + " ownership and " + skippedPrivileges + " privilege statements (--no-owner --no-privileges).");
        if (skippedSubscriptions > 0) {
            progress.info("Skipped " + skippedSubscriptions + " subscription statement(s): a development copy must not "
                    + "subscribe to the production publisher (keepSubscriptions: true restores them, disabled)");
        }
        if (skippedStatistics > 0) {
            progress.warn("Skipped " + skippedStatistics + " statements restoring planner statistics: the target server is "
                    + "PostgreSQL " + serverMajor + " and they need 18 or newer. Run ANALYZE if you need them.");
        }
    }

    private void statement(String code, String where) {
        if (OwnerAndPrivilegeStatements.isOwnership(code)) {
            skippedOwnership++;
            return;
        }
        if (OwnerAndPrivilegeStatements.isPrivilege(code)) {
            skippedPrivileges++;
            return;
        }
        if (!keepSubscriptions && SubscriptionStatements.isSubscription(code)) {
            skippedSubscriptions++;
            return;
        }
        if (DATABASE_LEVEL.matcher(code).matches()) {
            progress.info("Skipped a database-level statement at " + where + ": " + SqlText.excerpt(code));
            return;
        }
        if (serverMajor < 18 && STATISTICS.matcher(code).matches()) {
            skippedStatistics++;
            return;
        }
        Matcher setting = SETTING.matcher(code);
        if (setting.matches()) {
            session.setting(code, where);
            followSetting(setting.group(1).toLowerCase(Locale.ROOT), unquote(setting.group(2).strip()));
            return;
        }
        if (createMissingRoles) {
            session.ensureRoles(PolicyRoles.inStatement(code));
        }
        Matcher extension = CREATE_EXTENSION.matcher(code);
        if (extension.matches()) {
            session.ensureSchema(identifier(extension.group(1)));
        }
        session.execute(code, where);
    }

    /** A {@code COPY … FROM stdin}: its rows stream from the script into the table; the lexer skips rows not read. */
    private void copy(String copySql, String where) {
        Matcher copy = COPY_TABLE.matcher(copySql);
        String table = copy.matches() ? copy.group(1) : "?";
        String[] name = qualifiedName(table);
        if (excluded.matches(name[0], name[1])) {
            progress.info("Skipping the rows of " + table + " (excludeTableData).");
            return;
        }
        String copyWhere = where + " (COPY " + table + ")";
        long count = session.copyIn(copySql,
                session.copyRows(copySql, name[0], name[1], charset, lexer.copyData(), copyWhere), copyWhere, null);
        if (count > 0) {
            rowsCopied += count;
        }
    }

    /** Statements are decoded with the session's client_encoding (the lexer itself follows standard_conforming_strings). */
    private void followSetting(String name, String value) {
        if (name.equals("client_encoding")) {
            charset = PgEncoding.javaCharset(value);
        }
    }

    /**
     * pg_dump writes &#92;restrict / &#92;unrestrict (psql's guard against meta-commands smuggled into
     * data; nothing here executes meta-commands) and, with --create, &#92;connect to the new
     * database: everything goes into the target database instead.
     */
    private void metaCommand(String command, int line) {
        PsqlMetaCommands.requireWrittenByPgDump(command, label, line);
        if (PsqlMetaCommands.isConnect(command)) {
            progress.info("Ignored '" + PsqlMetaCommands.name(command) + "' at line " + line
                    + ": the whole script is restored into the target database.");
        } else {
            progress.debug("Ignored psql meta-command " + PsqlMetaCommands.name(command) + " at line " + line);
        }
    }

    /** {schema or null, table}, unquoted, from "public.\"Order Items\"". */
    static String[] qualifiedName(String text) {
        int dot = -1;
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == '.' && !quoted) {
                dot = i;
                break;
            }
        }
        if (dot < 0) {
            return new String[] {null, identifier(text)};
        }
        return new String[] {identifier(text.substring(0, dot)), identifier(text.substring(dot + 1))};
    }

    private static String identifier(String text) {
        return Quote.identifierName(text.strip());
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && value.startsWith("'") && value.endsWith("'")) {
            return value.substring(1, value.length() - 1);
        }
        return value;
    }
}
