package dev.dbrestore.engine.nativeengine;

import dev.dbrestore.sql.Quote;
import dev.dbrestore.archive.ArchiveHeader;
import dev.dbrestore.archive.TocEntry;
import dev.dbrestore.sql.SqlText;
import dev.dbrestore.support.Progress;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Applies the schema part of TOC entries on one session, as pg_restore --no-owner
 * --no-privileges does (pg-archive-format.md §9.4), and keeps that session's state: the
 * tablespace and table access method last set, and for old archives the search path.
 */
final class EntryApplier {
    private static final Pattern EXTENSION_SCHEMA =
            Pattern.compile("(?i)\\bWITH\\s+SCHEMA\\s+(\"(?:[^\"]|\"\")+\"|[A-Za-z_][A-Za-z0-9_$]*)");
    private static final int PARTITIONED_TABLE = 'p';

    private final TargetSession session;
    private final ArchiveHeader header;
    private final Progress progress;
    private String currentTablespace;
    private String currentTableAm;
    private String currentSchema;

    EntryApplier(TargetSession session, ArchiveHeader header, Progress progress) {
        this.session = session;
        this.header = header;
        this.progress = progress;
    }

    TargetSession session() {
        return session;
    }

    /** The session state an entry expects (search path of old archives, tablespace, access method). */
    void prepareFor(TocEntry entry) {
        switchSearchPathForOldArchives(entry);
        applyTablespace(entry);
        applyTableAccessMethod(entry);
    }

    /** Runs an entry without a data block. */
    void apply(TocEntry entry) {
        prepareFor(entry);
        String where = ArchiveData.describe(entry);
        switch (entry.desc()) {
            case "BLOB METADATA" -> createLargeObjects(entry, where);
            case "SCHEMA" -> createSchema(entry, where);
            case "EXTENSION" -> createExtension(entry, where);
            case "WARNING" -> progress.warn("The dump says: " + entry.defn());
            default -> session.execute(entry.defn(), where);
        }
        if (entry.relkind() == PARTITIONED_TABLE && entry.tableAm() != null && "TABLE".equals(entry.desc())) {
            session.execute("ALTER TABLE " + qualified(entry) + " SET ACCESS METHOD " + Quote.ident(entry.tableAm()), where);
        }
    }

    /** 1.16 BLOB METADATA: its definition lists the group's OIDs, one per line; each gets lo_create. */
    private void createLargeObjects(TocEntry entry, String where) {
        if (entry.defn() == null) {
            return;
        }
        for (String line : entry.defn().split("\n")) {
            String oid = line.trim();
            if (!oid.isEmpty()) {
                session.execute("SELECT pg_catalog.lo_create(" + Quote.literal(oid) + ")", where);
            }
        }
    }

    /** --no-owner: a plain CREATE SCHEMA (drops an AUTHORIZATION clause of old dumps); a comment-only defn does nothing. */
    private void createSchema(TocEntry entry, String where) {
        if (SqlText.hasCode(entry.defn())) {
            session.execute("CREATE SCHEMA " + Quote.ident(entry.tag()) + ";", where);
        }
    }

    /** An extension installed into a schema the dump does not create (Heroku's heroku_ext): create the schema first. */
    private void createExtension(TocEntry entry, String where) {
        String defn = entry.defn() == null ? "" : entry.defn();
        Matcher schema = EXTENSION_SCHEMA.matcher(defn);
        if (schema.find()) {
            session.ensureSchema(Quote.identifierName(schema.group(1)));
        }
        session.execute(defn, where);
    }

    /** Archives before 1.13 have no SEARCHPATH entry and unqualified names: set the path per schema. */
    private void switchSearchPathForOldArchives(TocEntry entry) {
        if (header.versionMinor() >= 13 || entry.namespace() == null || entry.namespace().equals(currentSchema)) {
            return;
        }
        String path = "pg_catalog".equals(entry.namespace())
                ? "pg_catalog" : Quote.ident(entry.namespace()) + ", pg_catalog";
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
        session.attempt("SET default_tablespace = " + (tablespace.isEmpty() ? "''" : Quote.ident(tablespace)),
                "Tablespace " + tablespace + " is not available; " + entry.qualifiedName() + " goes to the default tablespace");
    }

    private void applyTableAccessMethod(TocEntry entry) {
        String am = entry.tableAm();
        if (am == null || entry.relkind() == PARTITIONED_TABLE || am.equals(currentTableAm)) {
            return;
        }
        currentTableAm = am;
        session.execute("SET default_table_access_method = " + Quote.ident(am), ArchiveData.describe(entry));
    }

    private static String qualified(TocEntry entry) {
        return entry.namespace() == null ? Quote.ident(entry.tag()) : Quote.ident(entry.namespace()) + "." + Quote.ident(entry.tag());
    }

}
