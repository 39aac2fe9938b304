package dev.dbrestore.config;

import dev.dbrestore.support.UserError;

import java.io.File;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeSet;

/**
 * The whole {@code restore-profiles.yml}, validated and interpolated.
 *
 * @param file the absolute path of the YAML file; relative paths in it are relative to its folder
 */
public record ConfigFile(
        Path file,
        int version,
        String project,
        String defaultProfile,
        Settings settings,
        Map<String, Profile> profiles,
        Map<String, UserError> unresolvedProfiles) {

    /** A file whose every profile resolved. */
    public ConfigFile(Path file, int version, String project, String defaultProfile, Settings settings,
                      Map<String, Profile> profiles) {
        this(file, version, project, defaultProfile, settings, profiles, Map.of());
    }

    /**
     * The profile named {@code name}; when null, the file's {@code defaultProfile}, or its only
     * profile when it has just one; else a UserError listing the known ones.
     */
    public Profile profile(String name) {
        String wanted = name != null && !name.isBlank() ? name : defaultProfile;
        if (wanted == null && profiles.size() + unresolvedProfiles.size() == 1) {
            wanted = profiles.isEmpty() ? unresolvedProfiles.keySet().iterator().next() : profiles.keySet().iterator().next();
        }
        if (wanted == null) {
            throw new UserError("No profile given and " + file + " has no defaultProfile. Use -Dprofile=NAME with one of: "
                    + knownProfiles());
        }
        Profile profile = profiles.get(wanted);
        if (profile == null && unresolvedProfiles.containsKey(wanted)) {
            throw unresolvedProfiles.get(wanted);
        }
        if (profile == null) {
            String hint = Suggestion.closest(wanted, allNames()).map(s -> " Did you mean '" + s + "'?").orElse("");
            throw new UserError("Unknown profile '" + wanted + "' in " + file + "." + hint + " Known profiles: " + knownProfiles());
        }
        return profile;
    }

    private String knownProfiles() {
        return String.join(", ", allNames());
    }

    private TreeSet<String> allNames() {
        TreeSet<String> names = new TreeSet<>(profiles.keySet());
        names.addAll(unresolvedProfiles.keySet());
        return names;
    }

    /** Built-in defaults, then the top level, then the profile: each later one wins. */
    public Settings effectiveSettings(Profile profile) {
        return Defaults.SETTINGS.overriddenBy(settings).overriddenBy(profile.settings());
    }

    /** The folder of the YAML file, against which relative paths in it are resolved. */
    public Path baseDir() {
        return file.getParent();
    }

    /**
     * A path written in the YAML ({@code sql/anonymize.sql}, {@code ~/dumps}, {@code /abs}) as a
     * real path: {@code ~} is the user's home, relative paths are relative to the YAML's folder.
     */
    public Path resolve(String written) {
        String home = System.getProperty("user.home");
        if (written.equals("~")) {
            return Path.of(home);
        }
        if (written.startsWith("~/") || written.startsWith("~" + File.separator)) {
            return Path.of(home).resolve(written.substring(2)).normalize();
        }
        return baseDir().resolve(written).normalize();
    }
}
