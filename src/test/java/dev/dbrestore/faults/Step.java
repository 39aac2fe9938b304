package dev.dbrestore.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/** The pipeline's steps, and how a scenario's configuration holds the run at each. */
enum Step {
    /** the dump streaming from an HTTP source (cache: download) that stops mid-body; pg_restore reads it */
    DOWNLOAD,
    /** pre-data of a plain dump: after the first CREATE TABLE */
    SCHEMA,
    /** data: after the first COPY blocks, before auth_user's */
    DATA,
    /** post-data: before the first constraint/index, every row loaded */
    POST_DATA,
    /** a sanitize SQL file */
    SANITIZE,
    /** a verify query */
    VERIFY,
    /** inside the overwrite swap's transaction: the old copy renamed away, the new one not yet in place */
    SWAP,
    /** the copy in place, just before the env file is updated */
    ENV_FILE,
    /** autoPrune started (the copy in place, the env file updated) */
    AUTO_PRUNE;

    /** Steps before the swap: the previous copy must be the very same database afterwards. */
    boolean beforeSwap() {
        return ordinal() < SWAP.ordinal();
    }

    boolean held() {
        return this == SCHEMA || this == DATA || this == POST_DATA || this == SANITIZE || this == VERIFY;
    }

    /** The log line the run is stopped at, for the steps that follow the swap. */
    String pauseOn(FaultBench.Scenario s) {
        return switch (this) {
            case ENV_FILE -> "Restored " + s.db + " (";
            case AUTO_PRUNE -> "Pruning profile";
            default -> null;
        };
    }

    /** Writes the scenario's restore-profiles.yml: held at this step when {@code hold}, else a plain run of the same. */
    void configure(FaultBench.Scenario s, String engine, String url, boolean hold) throws IOException {
        FaultBench b = s.bench;
        Map<String, String> top = new HashMap<>(Map.of("engine", engine));
        Map<String, String> profile = new HashMap<>(Map.of("source", "{ file: \"" + FaultBench.DUMP + "\" }"));
        switch (this) {
            case DOWNLOAD -> {
                top.put("cache", "[download]");
                profile.put("source", "{ url: { url: \"" + url + "\", headers: { Authorization: \"Bearer ${env:FAULTS_TOKEN}\" } } }");
            }
            case SCHEMA -> profile.put("source", "{ file: \"" + (hold
                    ? b.plainDumpHolding("schema", FaultBench.lineStarting("CREATE TABLE billing.refund"), 0) : FaultBench.PLAIN) + "\" }");
            case DATA -> profile.put("source", "{ file: \"" + (hold
                    ? b.plainDumpHolding("data", FaultBench.lineStarting("COPY public.auth_user"), 0) : FaultBench.PLAIN) + "\" }");
            case POST_DATA -> profile.put("source", "{ file: \"" + (hold
                    ? b.plainDumpHolding("post", Pattern.compile("^(ALTER TABLE ONLY .* ADD CONSTRAINT|CREATE (UNIQUE )?INDEX)"),
                    b.lineOfLastCopyEnd()) : FaultBench.PLAIN) + "\" }");
            case SANITIZE -> {
                Files.writeString(s.dir.resolve("hold.sql"), hold ? FaultBench.HOLD_SQL : "SELECT 1;\n");
                profile.put("sanitize", "[hold.sql]");
            }
            case VERIFY -> profile.put("verify", hold
                    ? "[\"select false from pg_catalog.pg_sleep(60) as " + FaultBench.HOLD + "\"]"
                    : "[\"select false\"]");
            case ENV_FILE -> top.put("envFile", ".envrc");
            case AUTO_PRUNE -> {
                top.put("envFile", ".envrc");
                top.put("autoPrune", "true");
                profile.put("prune", "{ keep: 1 }");
            }
            default -> {
            }
        }
        s.yaml(top, profile);
    }
}
