package dev.dbrestore.config;

import dev.dbrestore.support.UserError;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Replaces {@code ${env:NAME}}, {@code ${env:NAME:-default}} and {@code ${property}} (Maven or
 * system properties, also with {@code :-default}) in configuration values. <code>$${</code> stands for
 * a literal <code>${</code>; any other {@code $} (SQL dollar quoting, {@code pbkdf2$...}) is left alone.
 *
 * <p>The environment is a map handed in, so that tests never depend on the real one; only
 * {@link #system} reads {@link System#getenv()}.
 */
public final class Interpolator {
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern PROPERTY_NAME = Pattern.compile("[^\\s${}]+");

    private final Map<String, String> properties;
    private final Map<String, String> environment;

    public Interpolator(Map<String, String> properties, Map<String, String> environment) {
        this.properties = Map.copyOf(properties);
        this.environment = Map.copyOf(environment);
    }

    /** The real environment, with the JVM's system properties under the given (Maven) properties. */
    public static Interpolator system(Map<String, String> properties) {
        Map<String, String> all = new HashMap<>();
        System.getProperties().stringPropertyNames().forEach(name -> all.put(name, System.getProperty(name)));
        all.putAll(properties);
        return new Interpolator(all, System.getenv());
    }

    /** An interpolator that knows no properties and no environment variables (only defaults resolve). */
    public static Interpolator empty() {
        return new Interpolator(Map.of(), Map.of());
    }

    /**
     * {@code text} with every placeholder replaced. The result is not scanned again, so a value
     * that itself contains <code>${</code> stays as it is.
     *
     * @param location prefixes error messages, e.g. {@code restore-profiles.yml:4:8}; may be null
     */
    public String interpolate(String text, String location) {
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            if (text.startsWith("$${", i)) {
                out.append("${");
                i += 3;
            } else if (text.startsWith("${", i)) {
                int end = closingBrace(text, i + 2);
                if (end < 0) {
                    throw error(location, "'${' is not closed by '}' (write $${ for a literal ${)");
                }
                out.append(resolve(text.substring(i + 2, end), location));
                i = end + 1;
            } else {
                out.append(text.charAt(i++));
            }
        }
        return out.toString();
    }

    /** The index of the '}' that closes a placeholder starting at {@code from}; nested ${...} may sit in a default. */
    private static int closingBrace(String text, int from) {
        int depth = 0;
        for (int j = from; j < text.length(); j++) {
            if (text.startsWith("${", j)) {
                depth++;
                j++;
            } else if (text.charAt(j) == '}') {
                if (depth == 0) {
                    return j;
                }
                depth--;
            }
        }
        return -1;
    }

    private String resolve(String expression, String location) {
        int separator = expression.indexOf(":-");
        String name = separator < 0 ? expression : expression.substring(0, separator);
        String value = lookUp(name, expression, location);
        if (separator < 0) {
            if (value == null) {
                throw new Unresolved(location == null ? missingMessage(name, expression)
                        : location + ": " + missingMessage(name, expression));
            }
            return value;
        }
        // Like the shell's ${X:-d}: the default also replaces an empty value.
        return value == null || value.isEmpty()
                ? interpolate(expression.substring(separator + 2), location)
                : value;
    }

    private String lookUp(String name, String expression, String location) {
        String variable = environmentVariable(name);
        if (variable != null) {
            if (!ENV_NAME.matcher(variable).matches()) {
                throw error(location, "'${" + expression + "}' does not name an environment variable: write ${env:NAME}");
            }
            return environment.get(variable);
        }
        if (!PROPERTY_NAME.matcher(name).matches()) {
            throw error(location, "'${" + expression + "}' is not a valid placeholder: write ${env:NAME}, "
                    + "${property} or $${ for a literal ${");
        }
        return properties.get(name);
    }

    /** {@code env:NAME}, or Maven's own spelling {@code env.NAME}; null for a property. */
    private static String environmentVariable(String name) {
        if (name.startsWith("env:") || name.startsWith("env.")) {
            return name.substring(4);
        }
        return null;
    }

    private static String missingMessage(String name, String expression) {
        String variable = environmentVariable(name);
        if (variable != null) {
            return "environment variable " + variable + " is not set (used by ${" + expression + "}). "
                    + "Set it, or give a default: ${env:" + variable + ":-value}";
        }
        return "unknown property '" + name + "' (used by ${" + expression + "}). Pass it with -D" + name
                + "=..., define it in the pom's <properties>, or give a default: ${" + name + ":-value}. "
                + "For an environment variable write ${env:" + name + "}; for a literal ${ write $${";
    }

    /**
     * A placeholder whose variable or property is not set. In a profile other than the one a run
     * selects it is no error ({@link ConfigFile#profile} reports it only when that profile is chosen).
     */
    static final class Unresolved extends UserError {
        Unresolved(String message) {
            super(message);
        }
    }

    private static UserError error(String location, String message) {
        return new UserError(location == null ? message : location + ": " + message);
    }
}
