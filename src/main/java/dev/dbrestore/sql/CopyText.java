package dev.dbrestore.sql;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;

/**
 * The text format of {@code COPY … FROM stdin} (PostgreSQL docs, COPY, "Text Format"): the column
 * list of a COPY statement, and one data line's fields — tab-separated, {@code \N} for NULL,
 * backslash escapes ({@code \b \f \n \r \t \v}, octal {@code \ooo}, hex {@code \xhh}, and a
 * backslash before any other character standing for that character). Escapes are undone on bytes,
 * before the characters are decoded, exactly as the server does.
 */
public final class CopyText {
    private static final byte TAB = '\t';
    private static final byte BACKSLASH = '\\';

    private CopyText() {
    }

    /** The columns {@code COPY name (a, "B c") FROM stdin} lists, unquoted; empty when it lists none. */
    public static List<String> columns(String copySql) {
        int open = -1;
        boolean quoted = false;
        for (int i = 0; i < copySql.length(); i++) {
            char c = copySql.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == '(' && !quoted) {
                open = i;
                break;
            }
        }
        List<String> columns = new ArrayList<>();
        if (open < 0) {
            return columns;
        }
        StringBuilder name = new StringBuilder();
        quoted = false;
        for (int i = open + 1; i < copySql.length(); i++) {
            char c = copySql.charAt(i);
            if (c == '"') {
                quoted = !quoted;
                name.append(c);
            } else if (!quoted && (c == ',' || c == ')')) {
                columns.add(Quote.identifierName(name.toString().strip()));
                name.setLength(0);
                if (c == ')') {
                    break;
                }
            } else {
                name.append(c);
            }
        }
        return columns;
    }

    /** Start offsets of the fields of {@code line[0, length)}, plus {@code length + 1} at the end. */
    public static int[] fieldStarts(byte[] line, int length) {
        int count = 1;
        for (int i = 0; i < length; i++) {
            if (line[i] == TAB) {
                count++;
            }
        }
        int[] starts = new int[count + 1];
        int field = 1;
        for (int i = 0; i < length; i++) {
            if (line[i] == TAB) {
                starts[field++] = i + 1;
            }
        }
        starts[count] = length + 1;
        return starts;
    }

    /** The value of the field {@code line[from, to)}: null for {@code \N}, else its escapes undone and decoded. */
    public static String decode(byte[] line, int from, int to, Charset charset) {
        if (to - from == 2 && line[from] == BACKSLASH && line[from + 1] == 'N') {
            return null;
        }
        boolean escaped = false;
        for (int i = from; i < to && !escaped; i++) {
            escaped = line[i] == BACKSLASH;
        }
        if (!escaped) {
            return new String(line, from, to - from, charset);
        }
        ByteArrayOutputStream raw = new ByteArrayOutputStream(to - from);
        for (int i = from; i < to; i++) {
            byte b = line[i];
            if (b != BACKSLASH || i + 1 >= to) {
                raw.write(b);
                continue;
            }
            byte next = line[++i];
            switch (next) {
                case 'b' -> raw.write('\b');
                case 'f' -> raw.write('\f');
                case 'n' -> raw.write('\n');
                case 'r' -> raw.write('\r');
                case 't' -> raw.write('\t');
                case 'v' -> raw.write(0x0B);
                case 'x' -> {
                    int value = 0;
                    int digits = 0;
                    while (digits < 2 && i + 1 < to && Character.digit(line[i + 1], 16) >= 0) {
                        value = value * 16 + Character.digit(line[++i], 16);
                        digits++;
                    }
                    raw.write(digits == 0 ? 'x' : value);
                }
                default -> {
                    if (next >= '0' && next <= '7') {
                        int value = next - '0';
                        for (int d = 1; d < 3 && i + 1 < to && line[i + 1] >= '0' && line[i + 1] <= '7'; d++) {
                            value = value * 8 + (line[++i] - '0');
                        }
                        raw.write(value & 0xFF);
                    } else {
                        raw.write(next);
                    }
                }
            }
        }
        return new String(raw.toByteArray(), charset);
    }

    private static final byte[] NULL = {BACKSLASH, 'N'};

    /** A value as a field: {@code \N} for null, else encoded with backslash, tab, newline and carriage return escaped. */
    public static byte[] encode(String value, Charset charset) {
        if (value == null) {
            return NULL;
        }
        byte[] bytes = value.getBytes(charset);
        int specials = 0;
        for (byte b : bytes) {
            if (b == BACKSLASH || b == TAB || b == '\n' || b == '\r') {
                specials++;
            }
        }
        if (specials == 0) {
            return bytes;
        }
        byte[] out = new byte[bytes.length + specials];
        int at = 0;
        for (byte b : bytes) {
            switch (b) {
                case BACKSLASH -> { out[at++] = BACKSLASH; out[at++] = BACKSLASH; }
                case TAB -> { out[at++] = BACKSLASH; out[at++] = 't'; }
                case '\n' -> { out[at++] = BACKSLASH; out[at++] = 'n'; }
                case '\r' -> { out[at++] = BACKSLASH; out[at++] = 'r'; }
                default -> out[at++] = b;
            }
        }
        return out;
    }
}
