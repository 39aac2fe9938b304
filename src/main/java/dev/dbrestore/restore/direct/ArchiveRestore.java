package dev.dbrestore.restore.direct;

import dev.dbrestore.archive.ArchiveHeader;
import dev.dbrestore.archive.PgEncoding;
import dev.dbrestore.archive.PolicyRoles;
import dev.dbrestore.archive.TableNames;
import dev.dbrestore.archive.Toc;
import dev.dbrestore.archive.TocEntry;
import dev.dbrestore.support.Progress;

import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Applies an archive (custom, tar or directory) the way {@code pg_restore --no-owner
 * --no-privileges} does in a serial restore (pg-archive-format.md §9): the session preamble, then
 * every entry in TOC order with table data streamed into COPY as its turn comes, then the
 * post-ACL pass (materialized view refreshes, event triggers). Owners and ACL entries are never
 * applied.
 */
final class ArchiveRestore {
    private static final Pattern EXTENSION_SCHEMA =
            Pattern.compile("(?i)\\bWITH\\s+SCHEMA\\s+(\"(?:[^\"]|\"\")+\"|[A-Za-z_][A-Za-z0-9_$]*)");
    private static final int PARTITIONED_TABLE = 'p';

    private final Toc toc;
    private final ArchiveHeader header;
    private final ArchiveData data;
    private final TargetSession session;
    private final Progress progress;
    private final TableNames excluded;
    private final boolean createMissingRoles;
    private final int serverMajor;
    private final List<TocEntry> postAclPass = new ArrayList<>();
    private String currentTablespace;
    private String currentTableAm;
    private String currentSchema;
    private int skippedStatistics;
    private long rowsCopied;
    private int entriesRestored;
    /** Nanoseconds spent per section (index = TocEntry.SECTION_*), for the closing log line. */
    private final long[] sectionNanos = new long[5];
    private Charset charset = StandardCharsets.UTF_8;

    ArchiveRestore(Toc toc, ArchiveHeader header, ArchiveData data, TargetSession session, Progress progress,
                   TableNames excluded, boolean createMissingRoles) {
        this.toc = toc;
        this.header = header;
        this.data = data;
        this.session = session;
        this.progress = progress;
        this.excluded = excluded;
        this.createMissingRoles = createMissingRoles;
        this.serverMajor = session.serverMajor();
    }

    void run() {
        preamble();
        if (createMissingRoles) {
            session.ensureRoles(PolicyRoles.in(toc));
        }
        for (TocEntry entry : toc.entries()) {
            switch (planFor(entry)) {
                case RESTORE -> restore(entry);
                case POST_ACL_PASS -> postAclPass.add(entry);
                case SKIP -> skipData(entry);
            }
        }
        data.finish();
        for (TocEntry entry : postAclPass) {
            restore(entry);
        }
        if (skippedStatistics > 0) {
            progress.warn("Skipped " + skippedStatistics + " STATISTICS DATA entries: the target server is PostgreSQL "
                    + serverMajor + ", and restoring planner statistics needs 18 or newer. Run ANALYZE if you need them.");
        }
        progress.info(String.format("Restored %d of %d TOC entries and %d table rows (ownership and privilege entries "
                + "are left out); %.1f s schema, %.1f s data, %.1f s indexes and constraints.", entriesRestored,
                toc.entries().size(), rowsCopied, seconds(TocEntry.SECTION_PRE_DATA) + seconds(TocEntry.SECTION_NONE),
                seconds(TocEntry.SECTION_DATA), seconds(TocEntry.SECTION_POST_DATA)));
    }

    /** The session settings pg_restore 18 sends, skipping those the target server does not know. */
    private void preamble() {
        String where = "the session preamble";
        session.setting("SET statement_timeout = 0", where);
        session.setting("SET lock_timeout = 0", where);
        session.setting("SET idle_in_transaction_session_timeout = 0", where);
        session.setting("SET transaction_timeout = 0", where);
        String encoding = PgEncoding.fromEncodingEntry(defnOf("ENCODING"));
        charset = PgEncoding.javaCharset(encoding);
        session.setting("SET client_encoding = " + Sql.literal(encoding), where);
        boolean standardStrings = !"off".equals(settingValue(defnOf("STDSTRINGS")));
        session.setting("SET standard_conforming_strings = " + (standardStrings ? "on" : "off"), where);
        String searchPath = defnOf("SEARCHPATH");
        if (searchPath != null) {
            session.execute(searchPath, where);
        }
        session.setting("SET check_function_bodies = false", where);
        session.setting("SET xmloption = content", where);
        session.setting("SET client_min_messages = warning", where);
        if (!standardStrings) {
            session.setting("SET escape_string_warning = off", where);
        }
        session.setting("SET row_security = off", where);
    }

    private enum Plan { RESTORE, POST_ACL_PASS, SKIP }

    /** pg_restore's choice for each entry under --no-owner --no-privileges and a whole-database restore. */
    private Plan planFor(TocEntry entry) {
        String desc = entry.desc();
        String tag = entry.tag() == null ? "" : entry.tag();
        switch (desc) {
            case "ENCODING", "STDSTRINGS", "SEARCHPATH":          // part of the preamble
            case "DATABASE", "DATABASE PROPERTIES":               // only with --create
            case "ACL", "DEFAULT ACL", "ACL LANGUAGE":            // --no-privileges
            case "BLOB COMMENTS", "<Init>", "Max OID", "pg_largeobject", "pg_largeobject_metadata":
                return Plan.SKIP;
            case "STATISTICS DATA":
                if (serverMajor < 18) {
                    skippedStatistics++;
                    return Plan.SKIP;
                }
                return entry.section() == TocEntry.SECTION_POST_DATA ? Plan.POST_ACL_PASS : Plan.RESTORE;
            case "EVENT TRIGGER", "MATERIALIZED VIEW DATA":
                return Plan.POST_ACL_PASS;
            case "COMMENT", "SECURITY LABEL":
                if (tag.startsWith("DATABASE ")) {
                    return Plan.SKIP;
                }
                return tag.startsWith("EVENT TRIGGER ") ? Plan.POST_ACL_PASS : Plan.RESTORE;
            case "TABLE DATA":
                if (excluded.matches(entry)) {
                    progress.info("Skipping the rows of " + entry.qualifiedName() + " (excludeTableData).");
                    return Plan.SKIP;
                }
                return Plan.RESTORE;
            default:
                return Plan.RESTORE;
        }
    }

    private void skipData(TocEntry entry) {
        if (!entry.hasData()) {
            return;
        }
        if ("BLOBS".equals(entry.desc())) {
            data.largeObjects(entry, null);
        } else {
            data.tableData(entry, null);
        }
    }

    private void restore(TocEntry entry) {
        long start = System.nanoTime();
        restoreTimed(entry);
        sectionNanos[entry.section()] += System.nanoTime() - start;
    }

    private void restoreTimed(TocEntry entry) {
        entriesRestored++;
        String where = ArchiveData.describe(entry);
        switchSearchPathForOldArchives(entry);
        applyTablespace(entry);
        applyTableAccessMethod(entry);
        switch (entry.desc()) {
            case "TABLE DATA" -> restoreTableData(entry, where);
            case "BLOBS" -> restoreLargeObjects(entry, where);
            case "BLOB METADATA" -> createLargeObjects(entry, where);
            case "SCHEMA" -> createSchema(entry, where);
            case "EXTENSION" -> createExtension(entry, where);
            case "WARNING" -> progress.warn("The dump says: " + entry.defn());
            default -> session.execute(entry.defn(), where);
        }
        if (entry.relkind() == PARTITIONED_TABLE && entry.tableAm() != null && "TABLE".equals(entry.desc())) {
            session.execute("ALTER TABLE " + qualified(entry) + " SET ACCESS METHOD " + Sql.quote(entry.tableAm()), where);
        }
    }

    private void restoreTableData(TocEntry entry, String where) {
        if (!entry.hasData()) {
            return;
        }
        String copy = entry.copyStmt();
        if (copy != null && !copy.isBlank()) {
            data.tableData(entry, rows -> {
                long count = session.copyIn(copy, rows, where);
                if (count >= 0) {
                    rowsCopied += count;
                    progress.debug("Copied " + count + " rows into " + entry.qualifiedName());
                }
            });
        } else {
            // Dumped with --inserts: the data is INSERT statements.
            data.tableData(entry, statements -> runStatements(statements, where));
        }
    }

    private void runStatements(InputStream statements, String where) {
        ScriptScanner scanner = new ScriptScanner(statements, where);
        ScriptScanner.Statement statement;
        while ((statement = scanner.next()) != null) {
            if (!statement.metaCommand()) {
                session.execute(statement.text(charset), where);
            }
        }
    }

    private void restoreLargeObjects(TocEntry entry, String where) {
        if (!entry.hasData()) {
            return;
        }
        session.beginLargeObjects();
        boolean[] ok = {true};
        try {
            data.largeObjects(entry, (oid, content) -> {
                if (ok[0]) {
                    ok[0] = session.writeLargeObject(oid, content, where);
                }
            });
        } catch (RuntimeException e) {
            session.abandonLargeObjects();
            throw e;
        }
        session.endLargeObjects(ok[0], where);
    }

    /** 1.16 BLOB METADATA: its definition lists the group's OIDs, one per line; each gets lo_create. */
    private void createLargeObjects(TocEntry entry, String where) {
        if (entry.defn() == null) {
            return;
        }
        for (String line : entry.defn().split("\n")) {
            String oid = line.trim();
            if (!oid.isEmpty()) {
                session.execute("SELECT pg_catalog.lo_create(" + Sql.literal(oid) + ")", where);
            }
        }
    }

    /** --no-owner: a plain CREATE SCHEMA (drops an AUTHORIZATION clause of old dumps); a comment-only defn does nothing. */
    private void createSchema(TocEntry entry, String where) {
        if (Sql.hasCode(entry.defn())) {
            session.execute("CREATE SCHEMA " + Sql.quote(entry.tag()) + ";", where);
        }
    }

    /** An extension installed into a schema the dump does not create (Heroku's heroku_ext): create the schema first. */
    private void createExtension(TocEntry entry, String where) {
        String defn = entry.defn() == null ? "" : entry.defn();
        Matcher schema = EXTENSION_SCHEMA.matcher(defn);
        if (schema.find()) {
            session.ensureSchema(unquote(schema.group(1)));
        }
        session.execute(defn, where);
    }

    /** Archives before 1.13 have no SEARCHPATH entry and unqualified names: set the path per schema. */
    private void switchSearchPathForOldArchives(TocEntry entry) {
        if (header.versionMinor() >= 13 || entry.namespace() == null || entry.namespace().equals(currentSchema)) {
            return;
        }
        String path = "pg_catalog".equals(entry.namespace())
                ? "pg_catalog" : Sql.quote(entry.namespace()) + ", pg_catalog";
        session.setting("SET search_path = " + path, "the search path of " + ArchiveData.describe(entry));
        currentSchema = entry.namespace();
    }

    /**
     * "" means the database default. A tablespace the local server lacks is not worth failing a
     * developer restore for: the objects then go to the default tablespace, with a warning.
     */
    private void applyTablespace(TocEntry entry) {
        String tablespace = entry.tablespace();
        if (tablespace == null || tablespace.equals(currentTablespace)) {
            return;
        }
        currentTablespace = tablespace;
        session.attempt("SET default_tablespace = " + (tablespace.isEmpty() ? "''" : Sql.quote(tablespace)),
                "Tablespace " + tablespace + " is not available; " + entry.qualifiedName() + " goes to the default tablespace");
    }

    private void applyTableAccessMethod(TocEntry entry) {
        String am = entry.tableAm();
        if (am == null || entry.relkind() == PARTITIONED_TABLE || am.equals(currentTableAm)) {
            return;
        }
        currentTableAm = am;
        session.execute("SET default_table_access_method = " + Sql.quote(am), ArchiveData.describe(entry));
    }

    private double seconds(int section) {
        return sectionNanos[section] / 1e9;
    }

    private String defnOf(String desc) {
        return toc.entries().stream().filter(e -> desc.equals(e.desc())).map(TocEntry::defn).findFirst().orElse(null);
    }

    /** 'on' from "SET standard_conforming_strings = 'on';". */
    private static String settingValue(String defn) {
        if (defn == null) {
            return "on";
        }
        Matcher m = Pattern.compile("=\\s*'?([A-Za-z]+)'?").matcher(defn);
        return m.find() ? m.group(1).toLowerCase(Locale.ROOT) : "on";
    }

    private static String qualified(TocEntry entry) {
        return entry.namespace() == null ? Sql.quote(entry.tag()) : Sql.quote(entry.namespace()) + "." + Sql.quote(entry.tag());
    }

    private static String unquote(String identifier) {
        if (identifier.startsWith("\"")) {
            return identifier.substring(1, identifier.length() - 1).replace("\"\"", "\"");
        }
        return identifier.toLowerCase(Locale.ROOT);
    }
}
