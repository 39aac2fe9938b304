package dev.dbrestore.archive;

import dev.dbrestore.sql.Quote;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The roles a dump's row-level security policies are granted to ({@code CREATE POLICY ... TO role}).
 * pg_dump never dumps roles, so on a developer's server these usually do not exist and the
 * policies fail; dbrestore creates them as NOLOGIN roles first.
 */
public final class PolicyRoles {
    /** pg_dump writes: CREATE POLICY name ON table [AS ...] [FOR cmd] [TO roles] [USING (...)] [WITH CHECK (...)]; */
    private static final Pattern TO_CLAUSE = Pattern.compile(
            "(?is)^\\s*CREATE\\s+POLICY\\s.*?\\sTO\\s+(.+?)(?:\\s+USING\\s*\\(|\\s+WITH\\s+CHECK\\s*\\(|\\s*;|\\s*$)");
    private static final Set<String> PSEUDO_ROLES = Set.of("public", "current_user", "session_user", "current_role");

    private PolicyRoles() {
    }

    /** Roles named by the POLICY entries of a TOC, in TOC order, without duplicates. */
    public static Set<String> in(Toc toc) {
        Set<String> roles = new LinkedHashSet<>();
        for (TocEntry entry : toc.ofType("POLICY")) {
            if (entry.defn() != null) {
                roles.addAll(inStatement(entry.defn()));
            }
        }
        return roles;
    }

    /** Roles named by one {@code CREATE POLICY} statement; empty for any other statement. */
    public static List<String> inStatement(String sql) {
        Matcher m = TO_CLAUSE.matcher(sql);
        if (!m.find()) {
            return List.of();
        }
        List<String> roles = new ArrayList<>();
        for (String name : splitNames(m.group(1))) {
            if (!PSEUDO_ROLES.contains(name.toLowerCase(Locale.ROOT)) || name.startsWith("\"")) {
                roles.add(Quote.identifierName(name));
            }
        }
        return roles;
    }

    /** "a, \"B,c\"" -> [a, "B,c"]: commas inside double quotes do not split. */
    private static List<String> splitNames(String list) {
        List<String> names = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (char c : list.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == ',' && !quoted) {
                names.add(current.toString().trim());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        if (!current.toString().isBlank()) {
            names.add(current.toString().trim());
        }
        return names;
    }
}
