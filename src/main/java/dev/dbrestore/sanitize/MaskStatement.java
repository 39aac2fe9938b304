package dev.dbrestore.sanitize;

import java.util.List;

/**
 * The one statement a mask rule becomes: an UPDATE of all its columns, a TRUNCATE or a DELETE.
 *
 * @param label   for the log: {@code mask public.auth_user (4 columns)}
 * @param explainable false for TRUNCATE, which EXPLAIN cannot check
 * @param notes   what the user should know, e.g. the tables a TRUNCATE … CASCADE also empties
 * @param readSql for an UPDATE: the SELECT of the raw values it replaces (same rows: its WHERE), one
 *                text column per masked column, for the leak scan's fingerprints; else null
 * @param masked  for an UPDATE: each masked column as {@code schema.table.column}, in readSql's order
 */
record MaskStatement(String label, String sql, boolean explainable, List<String> notes, String readSql,
                     List<String> masked) {

    MaskStatement(String label, String sql, boolean explainable, List<String> notes) {
        this(label, sql, explainable, notes, null, List.of());
    }
}
