package dev.dbrestore.engine;

import java.util.regex.Pattern;

/**
 * The statements of a plain dump that {@code pg_restore --no-owner --no-privileges} would leave out,
 * recognised by their text: both engines restore plain dumps with that meaning.
 */
public final class OwnerAndPrivilegeStatements {
    private static final Pattern OWNERSHIP = Pattern.compile(
            "(?is)^(ALTER\\s+(?!DEFAULT\\s+PRIVILEGES)(?:(?!\\sRENAME\\s).)+\\sOWNER\\s+TO\\s.*"
                    + "|SET\\s+SESSION\\s+AUTHORIZATION\\b.*|RESET\\s+SESSION\\s+AUTHORIZATION\\b.*)");
    private static final Pattern PRIVILEGE = Pattern.compile("(?is)^(GRANT|REVOKE)\\s.*|^ALTER\\s+DEFAULT\\s+PRIVILEGES\\b.*");

    private OwnerAndPrivilegeStatements() {
    }

    /** {@code ALTER … OWNER TO}, {@code SET/RESET SESSION AUTHORIZATION}; {@code code} starts with the statement's first word. */
    public static boolean isOwnership(String code) {
        return OWNERSHIP.matcher(code).matches();
    }

    /** {@code GRANT}, {@code REVOKE}, {@code ALTER DEFAULT PRIVILEGES}. */
    public static boolean isPrivilege(String code) {
        return PRIVILEGE.matcher(code).matches();
    }
}
