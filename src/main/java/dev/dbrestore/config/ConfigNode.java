package dev.dbrestore.config;

import dev.dbrestore.support.UserError;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * One value of the YAML tree, with what an error message about it needs: the file, the line and
 * column, and the path of keys that leads to it ({@code profiles.prod.source}). Every read checks
 * the value's type and fails with a {@link UserError} that says what was expected.
 */
final class ConfigNode {
    private static final Pattern WHOLE_NUMBER = Pattern.compile("[-+]?[0-9]+");
    private static final Set<String> TRUE = Set.of("true", "yes", "on");
    private static final Set<String> FALSE = Set.of("false", "no", "off");

    /** What every node of one file shares. */
    record Source(String fileName, Interpolator interpolator) { }

    private final Node node;
    private final String path;
    private final Source source;

    ConfigNode(Node node, String path, Source source) {
        this.node = node;
        this.path = path;
        this.source = source;
    }

    Node yaml() {
        return node;
    }

    /** Dotted keys from the top, e.g. {@code profiles.prod.mask.auth_user}; empty for the whole file. */
    String path() {
        return path;
    }

    /** The path for a message: {@code 'profiles.prod'}, or {@code the top level}. */
    String describePath() {
        return path.isEmpty() ? "the top level" : "'" + path + "'";
    }

    ConfigNode child(String key, Node value) {
        return new ConfigNode(value, path.isEmpty() ? key : path + "." + key, source);
    }

    Source source() {
        return source;
    }

    /** {@code file:line:column}, 1-based, of where this value starts. */
    String location() {
        Mark mark = node.getStartMark();
        return source.fileName() + ":" + (mark.getLine() + 1) + ":" + (mark.getColumn() + 1);
    }

    UserError error(String message) {
        return new UserError(location() + ": " + message);
    }

    /** A YAML null: {@code ~}, {@code null}, or a key with nothing after it. */
    boolean isNull() {
        return node instanceof ScalarNode scalar && Tag.NULL.equals(scalar.getTag());
    }

    boolean isScalar() {
        return node instanceof ScalarNode && !isNull();
    }

    boolean isMap() {
        return node instanceof MappingNode;
    }

    boolean isList() {
        return node instanceof SequenceNode;
    }

    /** What the value is, for "expected X, got Y" messages. */
    String kind() {
        if (isNull()) {
            return "an empty value";
        }
        if (isMap()) {
            return "a map";
        }
        if (isList()) {
            return "a list";
        }
        return "'" + ((ScalarNode) node).getValue() + "'";
    }

    UserError expected(String what) {
        return error(describePath() + " must be " + what + ", got " + kind());
    }

    /** The scalar's text with placeholders replaced; the YAML type (number, boolean) does not matter. */
    String string() {
        if (!isScalar()) {
            throw expected("a string");
        }
        return source.interpolator().interpolate(((ScalarNode) node).getValue(), location());
    }

    /** A string that must not be blank. */
    String nonBlankString() {
        String text = string();
        if (text.isBlank()) {
            throw error(describePath() + " must not be blank");
        }
        return text;
    }

    int integer(int min) {
        String text = isScalar() ? string().trim() : null;
        if (text == null || !WHOLE_NUMBER.matcher(text).matches()) {
            throw expected("a whole number");
        }
        try {
            int value = Integer.parseInt(text.startsWith("+") ? text.substring(1) : text);
            if (value < min) {
                throw error(describePath() + " must be at least " + min + ", got " + value);
            }
            return value;
        } catch (NumberFormatException e) {
            throw error(describePath() + " is too large: " + text);
        }
    }

    boolean bool() {
        String text = isScalar() ? string().trim().toLowerCase(Locale.ROOT) : null;
        if (text != null && TRUE.contains(text)) {
            return true;
        }
        if (text != null && FALSE.contains(text)) {
            return false;
        }
        throw expected("true or false");
    }

    /** One of {@code allowed} (written in lower case), with a suggestion for a near miss. */
    String choice(List<String> allowed) {
        String text = isScalar() ? string().trim() : null;
        if (text != null && allowed.contains(text)) {
            return text;
        }
        String hint = text == null ? "" : Suggestion.closest(text, allowed).map(s -> "; did you mean '" + s + "'?").orElse("");
        throw error(describePath() + " must be one of " + String.join(", ", allowed) + ", got " + kind() + hint);
    }

    List<ConfigNode> list() {
        if (!isList()) {
            throw expected("a list");
        }
        List<ConfigNode> items = new ArrayList<>();
        List<Node> values = ((SequenceNode) node).getValue();
        for (int i = 0; i < values.size(); i++) {
            items.add(new ConfigNode(values.get(i), path + "[" + i + "]", source));
        }
        return items;
    }

    /** A single string or a list of strings: {@code verify: "select ..."} and {@code verify: [..]} both work. */
    List<String> stringOrList() {
        if (isScalar()) {
            return List.of(nonBlankString());
        }
        if (!isList()) {
            throw expected("a string or a list of strings");
        }
        return list().stream().map(ConfigNode::nonBlankString).toList();
    }

    /** This value as a map with any keys (table names, profile names). */
    ConfigMap map() {
        return ConfigMap.of(this);
    }

    /** This value as a map whose keys must all be in {@code allowed}. */
    ConfigMap map(List<String> allowed) {
        return map(allowed, key -> null);
    }

    /** Like {@link #map(List)}, with a hint for keys that belong somewhere else ({@code publish} at the top level). */
    ConfigMap map(List<String> allowed, Function<String, String> misplacedHint) {
        return ConfigMap.of(this).allowOnly(allowed, misplacedHint);
    }
}
