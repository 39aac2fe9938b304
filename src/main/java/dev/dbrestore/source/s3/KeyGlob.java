package dev.dbrestore.source.s3;

import java.util.regex.Pattern;

/**
 * A glob over S3 keys, matched against the part of the key after the prefix: {@code *} and
 * {@code ?} stay within one {@code /}-separated segment, {@code **} crosses segments,
 * {@code [abc]} and {@code {x,y}} as in shells. So {@code *.dump} under {@code prod/} matches
 * {@code prod/a.dump} but not {@code prod/old/a.dump}; {@code **}{@code /*.dump} matches both.
 */
final class KeyGlob {
    private final String glob;
    private final Pattern pattern;

    KeyGlob(String glob) {
        this.glob = glob;
        this.pattern = Pattern.compile(toRegex(glob));
    }

    boolean matches(String key) {
        return pattern.matcher(key).matches();
    }

    @Override
    public String toString() {
        return glob;
    }

    private static String toRegex(String glob) {
        StringBuilder regex = new StringBuilder();
        boolean inAlternatives = false;
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*' && i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                boolean slashFollows = i + 2 < glob.length() && glob.charAt(i + 2) == '/';
                regex.append(slashFollows ? "(?:.*/)?" : ".*");
                i += slashFollows ? 2 : 1;
            } else if (c == '*') {
                regex.append("[^/]*");
            } else if (c == '?') {
                regex.append("[^/]");
            } else if (c == '[' && glob.indexOf(']', i + 1) > i + 1) {
                int end = glob.indexOf(']', i + 1);
                String set = glob.substring(i + 1, end).replace("\\", "\\\\").replace("[", "\\[");
                regex.append('[').append(set.startsWith("!") ? "^" + set.substring(1) : set).append(']');
                i = end;
            } else if (c == '{') {
                inAlternatives = true;
                regex.append("(?:");
            } else if (c == '}' && inAlternatives) {
                inAlternatives = false;
                regex.append(')');
            } else if (c == ',' && inAlternatives) {
                regex.append('|');
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return regex.toString();
    }
}
