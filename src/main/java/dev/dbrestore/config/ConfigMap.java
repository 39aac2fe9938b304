package dev.dbrestore.config;

import dev.dbrestore.support.UserError;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A YAML map in the file's order, with duplicate keys rejected and YAML merge keys
 * ({@code <<: *defaults}) applied. Keys are taken as written; values are {@link ConfigNode}s.
 * A key whose value is empty ({@code backup: ~}) counts as not set for the optional readers.
 */
final class ConfigMap {
    private final ConfigNode self;
    private final Map<String, ConfigNode> entries;

    private ConfigMap(ConfigNode self, Map<String, ConfigNode> entries) {
        this.self = self;
        this.entries = entries;
    }

    static ConfigMap of(ConfigNode node) {
        if (!node.isMap()) {
            throw node.expected("a map (key: value lines)");
        }
        return new ConfigMap(node, Collections.unmodifiableMap(entriesOf(node)));
    }

    /** Explicit keys win over merged ones, wherever the merge key stands, as YAML says. */
    private static Map<String, ConfigNode> entriesOf(ConfigNode map) {
        List<NodeTuple> tuples = ((MappingNode) map.yaml()).getValue();
        Map<String, ConfigNode> explicit = new LinkedHashMap<>();
        for (NodeTuple tuple : tuples) {
            if (!isMergeKey(tuple.getKeyNode())) {
                ConfigNode key = map.child("", tuple.getKeyNode());
                String name = keyName(key);
                ConfigNode previous = explicit.put(name, map.child(name, tuple.getValueNode()));
                if (previous != null) {
                    throw key.error("duplicate key '" + name + "' in " + map.describePath()
                            + " (first at line " + (previous.yaml().getStartMark().getLine() + 1) + ")");
                }
            }
        }
        Map<String, ConfigNode> result = new LinkedHashMap<>();
        for (NodeTuple tuple : tuples) {
            if (isMergeKey(tuple.getKeyNode())) {
                for (ConfigNode source : mergeSources(map.child("<<", tuple.getValueNode()))) {
                    entriesOf(source).forEach((name, value) -> {
                        if (!explicit.containsKey(name)) {
                            result.putIfAbsent(name, map.child(name, value.yaml()));
                        }
                    });
                }
            } else {
                String name = keyName(map.child("", tuple.getKeyNode()));
                result.put(name, explicit.get(name));
            }
        }
        return result;
    }

    private static boolean isMergeKey(Node key) {
        return Tag.MERGE.equals(key.getTag());
    }

    private static List<ConfigNode> mergeSources(ConfigNode value) {
        if (value.yaml() instanceof SequenceNode) {
            List<ConfigNode> sources = value.list();
            sources.forEach(ConfigMap::requireMap);
            return sources;
        }
        requireMap(value);
        return List.of(value);
    }

    private static void requireMap(ConfigNode node) {
        if (!node.isMap()) {
            throw node.error("'<<' merges maps only, got " + node.kind());
        }
    }

    private static String keyName(ConfigNode key) {
        if (!key.isScalar()) {
            throw key.error("a key must be a plain name, got " + key.kind());
        }
        return ((ScalarNode) key.yaml()).getValue();
    }

    /** Rejects any key outside {@code allowed}, suggesting a near miss or where the key belongs. */
    ConfigMap allowOnly(List<String> allowed, Function<String, String> misplacedHint) {
        for (Map.Entry<String, ConfigNode> entry : entries.entrySet()) {
            String key = entry.getKey();
            if (!allowed.contains(key)) {
                throw unknownKey(key, entry.getValue(), allowed, misplacedHint.apply(key));
            }
        }
        return this;
    }

    private UserError unknownKey(String key, ConfigNode value, List<String> allowed, String misplaced) {
        String advice = misplaced != null ? misplaced
                : Suggestion.closest(key, allowed).map(s -> "did you mean '" + s + "'?")
                        .orElse("expected one of: " + String.join(", ", allowed));
        return keyError(key, value, "unknown key '" + key + "' in " + self.describePath() + "; " + advice);
    }

    /** An error located at the key itself (a value's mark may be far away, e.g. a merged one). */
    UserError keyError(String key, ConfigNode value, String message) {
        for (NodeTuple tuple : ((MappingNode) self.yaml()).getValue()) {
            if (tuple.getKeyNode() instanceof ScalarNode scalar && scalar.getValue().equals(key)) {
                return self.child(key, scalar).error(message);
            }
        }
        return value.error(message);
    }

    ConfigNode node() {
        return self;
    }

    Set<String> keys() {
        return entries.keySet();
    }

    Map<String, ConfigNode> entries() {
        return entries;
    }

    boolean isEmpty() {
        return entries.isEmpty();
    }

    /** The value of {@code key}, or null when the key is absent or empty. */
    ConfigNode optional(String key) {
        ConfigNode value = entries.get(key);
        return value == null || value.isNull() ? null : value;
    }

    /** The value of {@code key}; {@code advice} tells the user what to write when it is missing. */
    ConfigNode required(String key, String advice) {
        ConfigNode value = entries.get(key);
        if (value == null) {
            throw self.error(self.describePath() + " has no '" + key + "'; " + advice);
        }
        if (value.isNull()) {
            throw value.error("'" + value.path() + "' is empty; " + advice);
        }
        return value;
    }

    String string(String key) {
        ConfigNode value = optional(key);
        return value == null ? null : value.nonBlankString();
    }

    String requiredString(String key, String advice) {
        return required(key, advice).nonBlankString();
    }

    Integer integer(String key, int min) {
        ConfigNode value = optional(key);
        return value == null ? null : value.integer(min);
    }

    Boolean bool(String key) {
        ConfigNode value = optional(key);
        return value == null ? null : value.bool();
    }

    String choice(String key, List<String> allowed) {
        ConfigNode value = optional(key);
        return value == null ? null : value.choice(allowed);
    }

    /** A string or a list of strings; an empty list when absent. */
    List<String> stringOrList(String key) {
        ConfigNode value = optional(key);
        return value == null ? List.of() : value.stringOrList();
    }
}
