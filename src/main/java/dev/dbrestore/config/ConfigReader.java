package dev.dbrestore.config;

import dev.dbrestore.support.UserError;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/** Turns the YAML tree of a whole file into a {@link ConfigFile}, checking every key and type on the way. */
final class ConfigReader {
    static final List<String> TOP_ONLY_KEYS = List.of("version", "project", "defaultProfile", "profiles");
    static final List<String> KEYS = Stream.concat(TOP_ONLY_KEYS.stream(), SettingsReader.KEYS.stream()).toList();
    static final int VERSION = 1;

    private ConfigReader() {
    }

    static ConfigFile read(ConfigNode root, Path file) {
        if (!root.isMap()) {
            throw root.error("the file must be a map with at least 'profiles:', got " + root.kind());
        }
        ConfigMap top = root.map(KEYS, key -> ProfileReader.OWN_KEYS.contains(key)
                ? "'" + key + "' belongs inside a profile (profiles: <name>: " + key + ": ...)" : null);
        Integer version = top.integer("version", 0);
        if (version != null && version != VERSION) {
            throw top.optional("version").error("version " + version + " is not supported; this plugin reads version " + VERSION);
        }
        String project = top.string("project");
        Settings settings = SettingsReader.read(top);
        Map<String, UserError> unresolved = new LinkedHashMap<>();
        Map<String, Profile> profiles = profiles(top.required("profiles",
                "add profiles: with at least one profile, e.g. profiles: { prod: { source: { heroku: acme-production } } }"),
                unresolved);
        Set<String> names = new java.util.LinkedHashSet<>(profiles.keySet());
        names.addAll(unresolved.keySet());
        return new ConfigFile(file, VERSION, project, defaultProfile(top, names), settings, profiles,
                Collections.unmodifiableMap(unresolved));
    }

    /**
     * Every profile, read strictly; a profile with a placeholder whose variable is not set (another
     * profile's {@code BACKUPS_TOKEN}) goes into {@code unresolved} instead, an error only when selected.
     */
    private static Map<String, Profile> profiles(ConfigNode node, Map<String, UserError> unresolved) {
        ConfigMap map = node.map();
        if (map.isEmpty()) {
            throw node.error("'profiles' is empty; define at least one profile");
        }
        Map<String, Profile> profiles = new LinkedHashMap<>();
        map.entries().forEach((name, profile) -> {
            try {
                profiles.put(name, ProfileReader.read(name, profile));
            } catch (Interpolator.Unresolved e) {
                unresolved.put(name, e);
            }
        });
        return Collections.unmodifiableMap(profiles);
    }

    private static String defaultProfile(ConfigMap top, Set<String> profiles) {
        String name = top.string("defaultProfile");
        if (name != null && !profiles.contains(name)) {
            String hint = Suggestion.closest(name, profiles).map(s -> "did you mean '" + s + "'? ").orElse("");
            throw top.optional("defaultProfile").error("defaultProfile '" + name + "' is not a profile of this file; "
                    + hint + "known profiles: " + String.join(", ", profiles));
        }
        return name;
    }
}
