package dev.dbrestore.sanitize;

import java.util.List;

/**
 * The one statement a mask rule becomes: an UPDATE of all its columns, a TRUNCATE or a DELETE.
 *
 * @param label   for the log: {@code mask public.auth_user (4 columns)}
 * @param explainable false for TRUNCATE, which EXPLAIN cannot check
 * @param notes   what the user should know, e.g. the tables a TRUNCATE … CASCADE also empties
 */
record MaskStatement(String label, String sql, boolean explainable, List<String> notes) {
}
