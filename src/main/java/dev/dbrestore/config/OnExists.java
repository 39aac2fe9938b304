package dev.dbrestore.config;

import java.util.Locale;

/** What to do when the target database name is taken. */
public enum OnExists {
    FAIL, OVERWRITE, PROMPT, SUFFIX;

    public static OnExists parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new dev.dbrestore.support.UserError("onExists must be one of fail, overwrite, prompt, suffix; got '" + text + "'");
        }
    }

    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
