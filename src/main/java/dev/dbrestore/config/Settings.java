package dev.dbrestore.config;

import java.util.List;

/**
 * The settings that may be written at the top level of the YAML and overridden per profile. A
 * null field means "not set here"; {@link #overriddenBy} merges a more specific layer on top.
 */
public record Settings(
        TargetSpec target,
        String naming,
        OnExists onExists,
        String envFile,
        PruneSpec prune,
        Boolean autoPrune,
        List<String> cache,
        String pgBin,
        String engine,
        Boolean createMissingRoles,
        PiiCheckMode piiCheck,
        Boolean keepFailed,
        String hashSalt,
        Boolean keepSubscriptions,
        LeakScanMode leakScan) {

    /** Every setting but {@code leakScan} (unset). */
    public Settings(TargetSpec target, String naming, OnExists onExists, String envFile, PruneSpec prune,
                    Boolean autoPrune, List<String> cache, String pgBin, String engine, Boolean createMissingRoles,
                    PiiCheckMode piiCheck, Boolean keepFailed, String hashSalt, Boolean keepSubscriptions) {
        this(target, naming, onExists, envFile, prune, autoPrune, cache, pgBin, engine, createMissingRoles, piiCheck,
                keepFailed, hashSalt, keepSubscriptions, null);
    }

    public static Settings empty() {
        return new Settings(null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    /** This layer with every field that {@code other} sets replaced by other's value. */
    public Settings overriddenBy(Settings other) {
        return new Settings(
                other.target != null ? other.target : target,
                other.naming != null ? other.naming : naming,
                other.onExists != null ? other.onExists : onExists,
                other.envFile != null ? other.envFile : envFile,
                other.prune != null ? other.prune : prune,
                other.autoPrune != null ? other.autoPrune : autoPrune,
                other.cache != null ? other.cache : cache,
                other.pgBin != null ? other.pgBin : pgBin,
                other.engine != null ? other.engine : engine,
                other.createMissingRoles != null ? other.createMissingRoles : createMissingRoles,
                other.piiCheck != null ? other.piiCheck : piiCheck,
                other.keepFailed != null ? other.keepFailed : keepFailed,
                other.hashSalt != null ? other.hashSalt : hashSalt,
                other.keepSubscriptions != null ? other.keepSubscriptions : keepSubscriptions,
                other.leakScan != null ? other.leakScan : leakScan);
    }
}
