package dev.dbrestore.sanitize;

import org.postgresql.PGConnection;

import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The keyed pseudonyms in SQL, for the UPDATE path: session-local functions ({@code pg_temp},
 * gone when the connection closes) computing exactly what {@link Pseudonyms} computes in Java. Core
 * PostgreSQL has {@code sha256()} but no HMAC without pgcrypto, so HMAC is written out from its
 * definition, {@code sha256(K xor opad ‖ sha256(K xor ipad ‖ message))}, with both pads held in two
 * session settings. The pads go to the server only when an UPDATE computes a keyed mask (none when
 * every rule ran in the restore stream), as COPY data into a session temporary table, from
 * which one {@code SELECT set_config(…) FROM} it takes them; the table is dropped at once. Neither
 * the salt nor the key is ever in a statement's text or a bound parameter, so neither
 * {@code pg_stat_activity} nor a statement log ({@code log_statement = all},
 * {@code log_min_duration_statement = 0}, which log bound parameters too) shows them, whatever the
 * user's privileges: a server logs COPY statements, never their data.
 */
final class MaskFunctions {
    static final String INNER = "dbrestore.mask_ki";
    static final String OUTER = "dbrestore.mask_ko";
    /** The pads' way in: one row, COPY data (never logged), dropped as soon as the settings hold them. */
    private static final String KEY_TABLE = "pg_temp.dbrestore_mask_key";

    private MaskFunctions() {
    }

    /** Defines the functions on this connection (enough for EXPLAIN; without the key they compute nothing useful). */
    static void define(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.setEscapeProcessing(false);
            statement.execute(definitions());
        }
    }

    /** Whether {@code sql} calls one of the keyed functions (only then does the server need the key). */
    static boolean usesKey(String sql) {
        return sql != null && sql.contains("pg_temp.dbrestore_");
    }

    /** Gives this connection the key pads, the way the class comment says. */
    static void giveKey(Connection connection, Pseudonyms key) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TEMPORARY TABLE " + KEY_TABLE + " (ki text, ko text)");
            try {
                copyIn(connection, key.innerPadHex() + "\t" + key.outerPadHex() + "\n");
                statement.execute("SELECT set_config('" + INNER + "', ki, false), set_config('" + OUTER
                        + "', ko, false) FROM " + KEY_TABLE);
            } catch (SQLException | RuntimeException e) {
                try {
                    statement.execute("DROP TABLE IF EXISTS " + KEY_TABLE);
                } catch (SQLException second) {
                    e.addSuppressed(second); // an aborted transaction: the table goes with its rollback
                }
                throw e;
            }
            statement.execute("DROP TABLE " + KEY_TABLE);
        }
    }

    private static void copyIn(Connection connection, String row) throws SQLException {
        try {
            connection.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + KEY_TABLE + " FROM STDIN", new StringReader(row));
        } catch (IOException e) {
            throw new SQLException("Could not send the mask key to the server: " + e.getMessage(), e);
        }
    }

    /** Forgets the key pads (the functions go with the connection). */
    static void uninstall(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("SELECT set_config('" + INNER + "', '', false), set_config('" + OUTER + "', '', false)");
        }
    }

    private static String names(List<String> names, boolean lower) {
        return "ARRAY[" + names.stream().map(n -> "'" + (lower ? n.toLowerCase(Locale.ROOT) : n) + "'")
                .collect(Collectors.joining(",")) + "]";
    }

    static String definitions() {
        String first = names(Pseudonyms.FIRST_NAMES, false);
        String last = names(Pseudonyms.LAST_NAMES, false);
        return """
            CREATE OR REPLACE FUNCTION pg_temp.dbrestore_hmac(msg text) RETURNS bytea
              LANGUAGE sql STABLE PARALLEL SAFE AS
              $f$ SELECT sha256(decode(current_setting('%1$s'), 'hex')
                       || sha256(decode(current_setting('%2$s'), 'hex') || convert_to(msg, 'UTF8'))) $f$;
            CREATE OR REPLACE FUNCTION pg_temp.dbrestore_u32(h bytea) RETURNS bigint
              LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
              $f$ SELECT ('x' || encode(substring(h FROM 1 FOR 4), 'hex'))::bit(32)::bigint $f$;
            CREATE OR REPLACE FUNCTION pg_temp.dbrestore_pick(names text[], tag text, v text) RETURNS text
              LANGUAGE sql STABLE PARALLEL SAFE AS
              $f$ SELECT names[1 + pg_temp.dbrestore_u32(pg_temp.dbrestore_hmac(tag || ':' || v)) %% cardinality(names)] $f$;
            CREATE OR REPLACE FUNCTION pg_temp.dbrestore_first_name(v text) RETURNS text
              LANGUAGE sql STABLE PARALLEL SAFE AS $f$ SELECT pg_temp.dbrestore_pick(%3$s, 'firstName', v) $f$;
            CREATE OR REPLACE FUNCTION pg_temp.dbrestore_last_name(v text) RETURNS text
              LANGUAGE sql STABLE PARALLEL SAFE AS $f$ SELECT pg_temp.dbrestore_pick(%4$s, 'lastName', v) $f$;
            CREATE OR REPLACE FUNCTION pg_temp.dbrestore_full_name_of(h bytea) RETURNS text
              LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
              $f$ SELECT (%3$s)[1 + pg_temp.dbrestore_u32(h) %% %9$d] || ' '
                      || (%4$s)[1 + pg_temp.dbrestore_u32(substring(h FROM 5 FOR 4)) %% %10$d] $f$;
            CREATE OR REPLACE FUNCTION pg_temp.dbrestore_full_name(v text) RETURNS text
              LANGUAGE sql STABLE PARALLEL SAFE AS
              $f$ SELECT pg_temp.dbrestore_full_name_of(pg_temp.dbrestore_hmac('fullName:' || v)) $f$;
            CREATE OR REPLACE FUNCTION pg_temp.dbrestore_email_of(h bytea) RETURNS text
              LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
              $f$ SELECT (%5$s)[1 + pg_temp.dbrestore_u32(h) %% %9$d] || '.'
                      || (%6$s)[1 + pg_temp.dbrestore_u32(substring(h FROM 5 FOR 4)) %% %10$d] || '.'
                      || encode(substring(h FROM 9 FOR %7$d), 'hex') || '%8$s' $f$;
            CREATE OR REPLACE FUNCTION pg_temp.dbrestore_email(v text) RETURNS text
              LANGUAGE sql STABLE PARALLEL SAFE AS
              $f$ SELECT pg_temp.dbrestore_email_of(pg_temp.dbrestore_hmac('email:' || v)) $f$;
            CREATE OR REPLACE FUNCTION pg_temp.dbrestore_hash(v text) RETURNS text
              LANGUAGE sql STABLE PARALLEL SAFE AS $f$ SELECT encode(pg_temp.dbrestore_hmac('hash:' || v), 'hex') $f$;
            CREATE OR REPLACE FUNCTION pg_temp.dbrestore_shape(v text, tag text, phone boolean) RETURNS text
              LANGUAGE sql STABLE STRICT PARALLEL SAFE AS
              $f$ WITH chars AS (
                      SELECT c, i, ascii(c) AS a,
                             count(*) FILTER (WHERE ascii(c) BETWEEN 48 AND 57) OVER (ORDER BY i DESC) AS from_end,
                             count(*) FILTER (WHERE ascii(c) BETWEEN 48 AND 57) OVER () AS digits
                        FROM unnest(string_to_array(v, NULL)) WITH ORDINALITY AS t(c, i)),
                   blocks AS (
                      SELECT b, pg_temp.dbrestore_hmac(tag || ':' || b || ':' || v) AS h
                        FROM generate_series(0, (char_length(v) - 1) / 32) AS b)
                   SELECT coalesce(string_agg(CASE
                            WHEN phone AND a BETWEEN 48 AND 57 AND digits >= 7 AND from_end BETWEEN 5 AND 7 THEN '5'
                            WHEN a BETWEEN 48 AND 57 THEN chr(48 + get_byte(h, ((i - 1) %% 32)::int) %% 10)
                            WHEN NOT phone AND a BETWEEN 97 AND 122 THEN chr(97 + get_byte(h, ((i - 1) %% 32)::int) %% 26)
                            WHEN NOT phone AND a BETWEEN 65 AND 90 THEN chr(65 + get_byte(h, ((i - 1) %% 32)::int) %% 26)
                            WHEN NOT phone AND a > 127 THEN 'x'
                            ELSE c END, '' ORDER BY i), '')
                     FROM chars JOIN blocks ON b = (i - 1) / 32 $f$;
            CREATE OR REPLACE FUNCTION pg_temp.dbrestore_shift(day integer, days integer) RETURNS integer
              LANGUAGE sql STABLE PARALLEL SAFE AS
              $f$ SELECT (CASE WHEN r < days THEN r + 1 ELSE days - 1 - r END)::integer
                    FROM (SELECT pg_temp.dbrestore_u32(pg_temp.dbrestore_hmac('dateShift:' || day)) %% (2 * days) AS r) s $f$;
            CREATE OR REPLACE FUNCTION pg_temp.dbrestore_noise(v numeric, percent integer) RETURNS numeric
              LANGUAGE sql STABLE PARALLEL SAFE AS
              $f$ SELECT CASE WHEN scale(v) IS NULL THEN v
                         ELSE round(v * (10000 + pg_temp.dbrestore_u32(pg_temp.dbrestore_hmac('numberNoise:' || v::text))
                                         %% (200 * percent + 1) - 100 * percent) * 0.0001, scale(v)) END $f$;
            """.formatted(OUTER, INNER, first, last, names(Pseudonyms.FIRST_NAMES, true),
                names(Pseudonyms.LAST_NAMES, true), Pseudonyms.EMAIL_HEX_BYTES, Pseudonyms.EMAIL_DOMAIN,
                Pseudonyms.FIRST_NAMES.size(), Pseudonyms.LAST_NAMES.size());
    }
}
