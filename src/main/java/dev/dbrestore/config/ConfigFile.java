package dev.dbrestore.config;

import dev.dbrestore.support.UserError;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeSet;

/** The whole {@code restore-profiles.yml}, validated and interpolated. */
public record ConfigFile(
        Path file,
        int version,
        String project,
        String defaultProfile,
        Settings settings,
        Map<String, Profile> profiles) {

    /** The profile named {@code name} (or the default one when null), or a UserError listing the known ones. */
    public Profile profile(String name) {
        String wanted = name != null && !name.isBlank() ? name : defaultProfile;
        if (wanted == null) {
            throw new UserError("No profile given and " + file + " has no defaultProfile. Use -Dprofile=NAME with one of: "
                    + String.join(", ", new TreeSet<>(profiles.keySet())));
        }
        Profile profile = profiles.get(wanted);
        if (profile == null) {
            throw new UserError("Unknown profile '" + wanted + "' in " + file + ". Known profiles: "
                    + String.join(", ", new TreeSet<>(profiles.keySet())));
        }
        return profile;
    }

    /** Built-in defaults < top level < profile. */
    public Settings effectiveSettings(Profile profile) {
        return Defaults.SETTINGS.overriddenBy(settings).overriddenBy(profile.settings());
    }
}
