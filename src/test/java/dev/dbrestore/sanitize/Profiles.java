package dev.dbrestore.sanitize;

import dev.dbrestore.config.LeakScanMode;
import dev.dbrestore.config.MaskRule;
import dev.dbrestore.config.PiiCheckMode;
import dev.dbrestore.config.Profile;
import dev.dbrestore.config.Settings;
import dev.dbrestore.config.SourceSpec;

import java.util.List;
import java.util.Map;

/** Profiles and settings for sanitize tests, built directly (the YAML loader is tested elsewhere). */
final class Profiles {
    private Profiles() {
    }

    static Profile profile(List<String> sanitize, List<MaskRule> mask, List<String> verify,
                           Map<String, List<String>> safeColumns) {
        return new Profile("prod", true, new SourceSpec.File("acme.dump"), sanitize, mask, safeColumns, List.of(),
                verify, null, Settings.empty());
    }

    /**
     * leakScan: warn: the profiles here are sensitive (leakScan would default to fail) and acme's notes
     * and addresses repeat its name values; LeakScanTest tests the scan's modes.
     */
    static Settings settings(PiiCheckMode mode, String salt) {
        return new Settings(null, null, null, null, null, null, null, null, null, null, mode, null, salt, null,
                LeakScanMode.WARN);
    }
}
