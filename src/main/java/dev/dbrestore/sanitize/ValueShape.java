package dev.dbrestore.sanitize;

/**
 * A value reduced to its shape, so a failed verification can show what slipped through without
 * showing the personal data itself: digits become {@code #}, every run of letters keeps its first
 * letter and the rest become {@code *}, other characters stay. In an e-mail address the top-level
 * domain stays readable: {@code john@gmail.com} becomes {@code j***@g****.com}.
 */
final class ValueShape {
    private static final int MAX = 40;

    private ValueShape() {
    }

    static String of(Object value) {
        if (value == null) {
            return "NULL";
        }
        if (value instanceof Boolean) {
            return value.toString();
        }
        if (value instanceof byte[] bytes) {
            return "<" + bytes.length + " bytes>";
        }
        String text = value.toString();
        int keepFrom = topLevelDomainStart(text);
        StringBuilder shape = new StringBuilder();
        boolean inWord = false;
        int end = Math.min(text.length(), keepFrom >= 0 ? Math.max(MAX, text.length()) : MAX);
        for (int i = 0; i < end; ) {
            int c = text.codePointAt(i);
            if (keepFrom >= 0 && i >= keepFrom) {
                shape.appendCodePoint(c);
            } else if (Character.isDigit(c)) {
                shape.append('#');
                inWord = false;
            } else if (Character.isLetter(c)) {
                if (inWord) {
                    shape.append('*');
                } else {
                    shape.appendCodePoint(c);
                }
                inWord = true;
            } else {
                shape.appendCodePoint(Character.isWhitespace(c) ? ' ' : c);
                inWord = false;
            }
            i += Character.charCount(c);
        }
        return end < text.length() ? shape + "…" : shape.toString();
    }

    /** Index of the top-level domain of a short e-mail-like value ({@code com} in {@code a@b.com}), else -1. */
    private static int topLevelDomainStart(String text) {
        int at = text.lastIndexOf('@');
        int dot = text.lastIndexOf('.');
        if (at < 1 || dot < at + 2 || dot == text.length() - 1 || text.length() > 254) {
            return -1;
        }
        for (int i = dot + 1; i < text.length(); i++) {
            if (!Character.isLetter(text.charAt(i))) {
                return -1;
            }
        }
        return dot + 1;
    }
}
