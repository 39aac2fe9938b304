package dev.dbrestore.engine.nativeengine;

import dev.dbrestore.sql.Quote;
import dev.dbrestore.archive.PgEncoding;
import dev.dbrestore.archive.Toc;
import dev.dbrestore.archive.TocEntry;

import java.nio.charset.Charset;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The session settings pg_restore 18 sends before restoring (pg-archive-format.md §9.2), taken
 * from the archive's ENCODING, STDSTRINGS and SEARCHPATH entries. Every connection of a restore
 * gets them. Settings the target server does not know are skipped with a warning.
 */
final class SessionPreamble {
    private static final Pattern SETTING_VALUE = Pattern.compile("=\\s*'?([A-Za-z]+)'?");

    private final String encoding;
    private final boolean standardStrings;
    private final String searchPath;

    SessionPreamble(Toc toc) {
        this.encoding = PgEncoding.fromEncodingEntry(defnOf(toc, "ENCODING"));
        this.standardStrings = !"off".equals(settingValue(defnOf(toc, "STDSTRINGS")));
        this.searchPath = defnOf(toc, "SEARCHPATH");
    }

    /** The charset of the archive's SQL text. */
    Charset charset() {
        return PgEncoding.javaCharset(encoding);
    }

    void applyTo(TargetSession session) {
        String where = "the session preamble";
        session.setting("SET statement_timeout = 0", where);
        session.setting("SET lock_timeout = 0", where);
        session.setting("SET idle_in_transaction_session_timeout = 0", where);
        session.setting("SET transaction_timeout = 0", where);
        session.setting("SET client_encoding = " + Quote.literal(encoding), where);
        session.setting("SET standard_conforming_strings = " + (standardStrings ? "on" : "off"), where);
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

    private static String defnOf(Toc toc, String desc) {
        return toc.entries().stream().filter(e -> desc.equals(e.desc())).map(TocEntry::defn).findFirst().orElse(null);
    }

    /** 'on' from "SET standard_conforming_strings = 'on';". */
    private static String settingValue(String defn) {
        if (defn == null) {
            return "on";
        }
        Matcher m = SETTING_VALUE.matcher(defn);
        return m.find() ? m.group(1).toLowerCase(Locale.ROOT) : "on";
    }
}
