package dev.dbrestore.restore;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the roles a {@code CREATE POLICY ... TO role[, ...]} statement names, so that they can be
 * created on a target that lacks them (pg_dump never dumps roles, and --no-privileges does not
 * skip policies).
 */
public final class PolicyRoles {
    private static final Pattern TO_CLAUSE = Pattern.compile(
            "\\bTO\\s+(.+?)(?:\\s+USING\\b|\\s+WITH\\s+CHECK\\b|\\s*;|\\s*$)", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Set<String> KEYWORDS = Set.of("public", "current_user", "session_user", "current_role");

    private PolicyRoles() {
    }

    public static Set<String> rolesOf(String createPolicy) {
        Set<String> roles = new LinkedHashSet<>();
        if (createPolicy == null) {
            return roles;
        }
        String head = createPolicy.trim();
        if (!head.toUpperCase(Locale.ROOT).startsWith("CREATE POLICY")) {
            return roles;
        }
        Matcher m = TO_CLAUSE.matcher(head);
        if (!m.find()) {
            return roles;
        }
        for (String part : splitRoles(m.group(1))) {
            String role = part.trim();
            if (role.isEmpty()) {
                continue;
            }
            if (role.startsWith("\"") && role.endsWith("\"") && role.length() >= 2) {
                roles.add(role.substring(1, role.length() - 1).replace("\"\"", "\""));
            } else if (!KEYWORDS.contains(role.toLowerCase(Locale.ROOT))) {
                roles.add(role.toLowerCase(Locale.ROOT));
            }
        }
        return roles;
    }

    private static java.util.List<String> splitRoles(String list) {
        java.util.List<String> out = new java.util.ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (char c : list.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == ',' && !quoted) {
                out.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        out.add(current.toString());
        return out;
    }
}
