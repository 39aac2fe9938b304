package dev.dbrestore.support;

import java.util.List;
import java.util.Map;

/** The environment of the child processes dbrestore runs: pg_restore, psql, a {@code command:} source. */
public final class ChildEnvironment {
    /**
     * The libpq variables that say where and how a client connects. An inherited one the target does
     * not set would send a child elsewhere than the plugin's own connections: {@code PGSERVICE}
     * above all, whose service file beats every other variable in libpq, and {@code PGHOSTADDR}.
     */
    static final List<String> CONNECTION_VARIABLES = List.of("PGHOST", "PGHOSTADDR", "PGPORT", "PGDATABASE", "PGUSER",
            "PGPASSWORD", "PGSERVICE", "PGSSLMODE", "PGREQUIRESSL", "PGSSLROOTCERT", "PGSSLCERT", "PGSSLKEY",
            "PGCONNECT_TIMEOUT", "PGAPPNAME", "PGOPTIONS");

    private ChildEnvironment() {
    }

    /**
     * Makes a child (pg_restore, psql, pg_dump) connect exactly as described by {@code connection}
     * (the {@code PG*} variables of the resolved target, its password in {@code PGPASSWORD}, never on
     * the command line): every inherited connection variable is removed first.
     *
     * @param env a {@link ProcessBuilder#environment()}, changed in place
     */
    public static void connectTo(Map<String, String> env, Map<String, String> connection) {
        CONNECTION_VARIABLES.forEach(env::remove);
        env.putAll(connection);
    }

    /**
     * Makes a child print its messages in English ({@code LC_MESSAGES=C}): pg_restore's and psql's
     * errors are classified by their English text. {@code LC_ALL} would override that, so when it
     * is set it is replaced by {@code LANG} with the same value (and the other {@code LC_*}
     * variables it overrode are removed): every category but the messages stays as it was.
     *
     * @param env a {@link ProcessBuilder#environment()}, changed in place
     */
    public static void englishMessages(Map<String, String> env) {
        String all = env.remove("LC_ALL");
        if (all != null && !all.isEmpty()) {
            env.keySet().removeIf(name -> name.startsWith("LC_"));
            env.put("LANG", all);
        }
        env.put("LC_MESSAGES", "C");
    }
}
