package dev.dbrestore.naming;

import dev.dbrestore.support.UserError;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The naming pattern of DESIGN.md: {@code {project}}, {@code {profile}}, {@code {app}},
 * {@code {date:FORMAT}} (the backup's own date), {@code {today:FORMAT}} (the day of the restore)
 * and {@code {backup}} (the backup id). FORMAT is a {@link DateTimeFormatter} pattern, default
 * {@code yyyyMMdd}; dates are rendered in the machine's time zone.
 */
public final class NamePattern {
    private static final Pattern TOKEN = Pattern.compile("\\{([a-zA-Z]+)(?::([^}]*))?}");
    private static final String DEFAULT_DATE_FORMAT = "yyyyMMdd";

    private final String pattern;

    public NamePattern(String pattern) {
        this.pattern = pattern;
    }

    /** The values the tokens are replaced with. Any may be null when the pattern does not use it. */
    public record Values(String project, String profile, String app, Instant backupDate, Instant today,
                         String backupId, ZoneId zone) {
    }

    public DatabaseName render(Values values) {
        Matcher m = TOKEN.matcher(pattern);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(value(m.group(1), m.group(2), values)));
        }
        m.appendTail(out);
        if (out.indexOf("{") >= 0 || out.indexOf("}") >= 0) {
            throw new UserError("The naming pattern '" + pattern + "' has an unclosed or malformed {token}");
        }
        return DatabaseName.normalize(out.toString());
    }

    private String value(String token, String format, Values v) {
        return switch (token) {
            case "project" -> required(v.project(), "project", "set 'project:' at the top of restore-profiles.yml");
            case "profile" -> required(v.profile(), "profile", "");
            case "app" -> required(v.app(), "app", "the source has no app or bucket").replace('-', '_');
            case "backup" -> required(v.backupId(), "backup", "");
            case "date" -> date(v.backupDate(), format, v.zone(), "date");
            case "today" -> date(v.today(), format, v.zone(), "today");
            default -> throw new UserError("Unknown token {" + token + "} in naming pattern '" + pattern
                    + "'. Known tokens: {project}, {profile}, {app}, {date:FORMAT}, {today:FORMAT}, {backup}");
        };
    }

    private String required(String value, String token, String hint) {
        if (value == null || value.isBlank()) {
            throw new UserError("The naming pattern '" + pattern + "' uses {" + token + "} but it has no value"
                    + (hint.isEmpty() ? "" : ": " + hint));
        }
        return value;
    }

    private String date(Instant instant, String format, ZoneId zone, String token) {
        if (instant == null) {
            throw new UserError("The naming pattern '" + pattern + "' uses {" + token + "} but the date is unknown");
        }
        String f = format == null || format.isBlank() ? DEFAULT_DATE_FORMAT : format;
        try {
            return DateTimeFormatter.ofPattern(f).withZone(zone == null ? ZoneId.systemDefault() : zone).format(instant);
        } catch (IllegalArgumentException | DateTimeException e) {
            throw new UserError("Bad date format '" + f + "' in naming pattern '" + pattern + "': " + e.getMessage());
        }
    }
}
