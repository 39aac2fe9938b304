package dev.dbrestore.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the short durations people write in YAML: {@code 30d}, {@code 12h}, {@code 90m}, {@code 2w}, {@code 1d12h}. */
public final class Durations {
    static final String FORMAT = "a duration like 30d, 12h, 90m, 2w or 1d12h";

    private static final Pattern WHOLE = Pattern.compile("(\\s*\\d+\\s*[wdhms])+\\s*");
    private static final Pattern PART = Pattern.compile("(\\d+)\\s*([wdhms])");

    private Durations() {
    }

    /** The duration, or empty when the text is not one; ISO-8601 ({@code P30D}, {@code PT12H}) also works. */
    /** The duration written in {@code text} (a -D value), or a UserError saying how to write one. */
    public static Duration require(String text, String where) {
        return parse(text).orElseThrow(() -> new dev.dbrestore.support.UserError(
                where + " must be " + FORMAT + "; got '" + text + "'"));
    }

    static Optional<Duration> parse(String text) {
        String lower = text.trim().toLowerCase(Locale.ROOT);
        if (lower.startsWith("p")) {
            return iso(lower);
        }
        if (!WHOLE.matcher(lower).matches()) {
            return Optional.empty();
        }
        Duration total = Duration.ZERO;
        Matcher part = PART.matcher(lower);
        while (part.find()) {
            total = total.plus(unit(part.group(2)).multipliedBy(Long.parseLong(part.group(1))));
        }
        return Optional.of(total);
    }

    private static Optional<Duration> iso(String text) {
        try {
            return Optional.of(Duration.parse(text.toUpperCase(Locale.ROOT)));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static Duration unit(String unit) {
        return switch (unit) {
            case "w" -> Duration.ofDays(7);
            case "d" -> Duration.ofDays(1);
            case "h" -> Duration.ofHours(1);
            case "m" -> Duration.ofMinutes(1);
            default -> Duration.ofSeconds(1);
        };
    }
}
