package dev.dbrestore.mojo;

import dev.dbrestore.support.UserError;
import org.apache.maven.execution.MavenSession;

import java.io.File;
import java.util.Properties;
import java.util.function.Function;

/**
 * The one place where the command line gets the last word (README, "Options"): a user property
 * given with {@code -D} beats the pom's {@code <configuration>}, for every parameter of every
 * goal. Maven alone binds {@code -Dname} only when the pom leaves the parameter out, so each goal
 * passes every parameter value Maven bound through {@link #pick} before it uses it.
 */
final class CommandLineWins {
    /** Text as given. */
    static final Function<String, String> TEXT = text -> text;
    /** A path, relative to the folder Maven runs in. */
    static final Function<String, File> FILE = File::new;
    /** {@code true} or {@code false}; anything else is a mistake rather than a quiet {@code false}. */
    static final Function<String, Boolean> BOOLEAN = text -> switch (text.toLowerCase(java.util.Locale.ROOT)) {
        case "true" -> Boolean.TRUE;
        case "false" -> Boolean.FALSE;
        default -> throw new IllegalArgumentException("true or false");
    };
    /** A whole number. */
    static final Function<String, Integer> WHOLE_NUMBER = text -> {
        try {
            return Integer.valueOf(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("a whole number");
        }
    };

    private final Properties userProperties;

    CommandLineWins(Properties userProperties) {
        this.userProperties = userProperties == null ? new Properties() : userProperties;
    }

    /** The {@code -D} properties of this Maven run. */
    static CommandLineWins of(MavenSession session) {
        return new CommandLineWins(session == null ? null : session.getUserProperties());
    }

    /**
     * The value of a parameter: {@code -Dproperty} when it is given (and not blank), else what
     * Maven bound from the pom (or the parameter's default).
     *
     * @param parse turns the {@code -D} text into the parameter's type; it throws
     *              {@link IllegalArgumentException} with what it expected ("a whole number"), which
     *              becomes a {@link UserError} naming the property, or a {@link UserError} of its own
     */
    <T> T pick(String property, T pomValue, Function<String, T> parse) {
        String text = userProperties.getProperty(property);
        if (text == null || text.isBlank()) {
            return pomValue;
        }
        try {
            return parse.apply(text.trim());
        } catch (UserError e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new UserError("-D" + property + " must be " + e.getMessage() + ", got '" + text + "'");
        }
    }

    /**
     * A parameter the pom gives as text and the core wants parsed ({@code onExists: suffix},
     * {@code olderThan: 30d}): the winning text through {@code parse}, or null when neither the
     * command line nor the pom gives one.
     */
    <T> T pickParsed(String property, String pomText, Function<String, T> parse) {
        String text = pick(property, pomText, TEXT);
        return text == null ? null : parse.apply(text);
    }
}
