package dev.dbrestore.config;

import java.util.List;

/** Built-in defaults, the lowest layer of configuration. */
public final class Defaults {
    public static final String NAMING = "{project}_{profile}_{date:yyyyMMdd}";

    public static final Settings SETTINGS = new Settings(
            TargetSpec.empty(), NAMING, null, null, PruneSpec.none(), false, List.of(), null, "auto",
            true, PiiCheckMode.WARN, false, null, false);

    private Defaults() {
    }
}
