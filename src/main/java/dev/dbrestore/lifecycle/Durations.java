package dev.dbrestore.lifecycle;

import dev.dbrestore.support.UserError;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses retention durations: {@code 30d}, {@code 12h}, {@code 90m}, {@code 2w}. */
public final class Durations {
    private static final Pattern FORMAT = Pattern.compile("^\\s*(\\d+)\\s*([mhdw])\\s*$");

    private Durations() {
    }

    public static Duration parse(String text) {
        Matcher m = FORMAT.matcher(text == null ? "" : text);
        if (!m.matches()) {
            throw new UserError("'" + text + "' is not a duration; write e.g. 30d, 12h, 90m or 2w");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> Duration.ofDays(7 * n);
        };
    }
}
