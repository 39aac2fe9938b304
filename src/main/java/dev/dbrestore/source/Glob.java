package dev.dbrestore.source;

import java.util.regex.Pattern;

/**
 * A glob over {@code /}-separated names (file paths, S3 keys): {@code *} and {@code ?} stay within
 * one segment, {@code **} crosses segments ({@code a/**}{@code /b} also matches {@code a/b}),
 * {@code [abc]} and {@code {x,y}} as in shells. Everything else is literal.
 */
public final class Glob {
    private final String glob;
    private final Pattern pattern;

    private Glob(String glob) {
        this.glob = glob;
        this.pattern = Pattern.compile(toRegex(glob));
    }

    public static Glob of(String glob) {
        return new Glob(glob);
    }

    /** True when {@code text} holds a glob character ({@code * ? [ {}). */
    public static boolean isGlob(String text) {
        return text.chars().anyMatch(c -> c == '*' || c == '?' || c == '[' || c == '{');
    }

    public boolean matches(String name) {
        return pattern.matcher(name).matches();
    }

    /** True when the glob may match names in sub-folders of where it starts. */
    public boolean crossesSegments() {
        return glob.contains("**") || glob.contains("/");
    }

    @Override
    public String toString() {
        return glob;
    }

    private static String toRegex(String glob) {
        StringBuilder regex = new StringBuilder();
        boolean inGroup = false;
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            switch (c) {
                case '*' -> {
                    if (i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                        boolean slashAfter = i + 2 < glob.length() && glob.charAt(i + 2) == '/';
                        regex.append(slashAfter ? "(?:.*/)?" : ".*");
                        i += slashAfter ? 2 : 1;
                    } else {
                        regex.append("[^/]*");
                    }
                }
                case '?' -> regex.append("[^/]");
                case '[' -> {
                    int end = glob.indexOf(']', i + 1);
                    if (end < 0) {
                        regex.append("\\[");
                    } else {
                        String set = glob.substring(i + 1, end);
                        regex.append('[').append(set.startsWith("!") ? "^" + set.substring(1) : set).append(']');
                        i = end;
                    }
                }
                case '{' -> {
                    inGroup = true;
                    regex.append("(?:");
                }
                case '}' -> {
                    if (inGroup) {
                        inGroup = false;
                        regex.append(')');
                    } else {
                        regex.append("\\}");
                    }
                }
                case ',' -> regex.append(inGroup ? "|" : ",");
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return regex.toString();
    }
}
