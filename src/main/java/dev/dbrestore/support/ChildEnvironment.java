package dev.dbrestore.support;

import java.util.Map;

/** The environment of the child processes dbrestore runs: pg_restore, psql, a {@code command:} source. */
public final class ChildEnvironment {
    private ChildEnvironment() {
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
