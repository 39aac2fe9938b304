package dev.dbrestore.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The golden values a fixture folder's README.md promises, read from the README itself (acme and
 * pagila alike), never copied into the tests by hand:
 * <ul>
 * <li>{@link #checksums()}: the Markdown table whose header has a {@code rows} and an {@code md5…}
 * column, as object -> {@code "rows md5"}. The object is the first cell without backticks, double
 * quotes and a trailing remark in parentheses ({@code public."Order Items"} -> {@code public.Order
 * Items}, {@code large objects (OIDs …)} -> {@code large objects}), which is how acme's
 * checksums.sql and a {@code format('%I.%I')} of a lower-case name spell it.</li>
 * <li>{@link #sequences()}: the sequence values the prose gives as {@code `schema.seq` = 123 …
 * is_called true}, as {@code schema.seq} -> {@code "123 true"}.</li>
 * </ul>
 */
public final class FixtureReadme {
    private static final Pattern SEQUENCE = Pattern.compile(
            "`([\\w\"]+\\.[\\w\"]+)` = (\\d+)[^;`]*?is_called \\**(true|false)\\**");
    private static final Pattern REMARK = Pattern.compile("\\s*\\([^)]*\\)$");

    private final Path file;
    private final Map<String, String> checksums;
    private final Map<String, String> sequences;

    private FixtureReadme(Path file, List<String> lines) {
        this.file = file;
        this.checksums = Collections.unmodifiableMap(parseChecksums(lines));
        this.sequences = Collections.unmodifiableMap(parseSequences(String.join("\n", lines)));
        if (checksums.isEmpty()) {
            throw new IllegalStateException(file + " has no table with a rows and an md5 column");
        }
    }

    public static FixtureReadme of(Path readme) {
        try {
            return new FixtureReadme(readme, Files.readAllLines(readme, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path file() {
        return file;
    }

    /** object -> "rows md5", in the README's order. */
    public Map<String, String> checksums() {
        return checksums;
    }

    /** schema.sequence -> "last_value is_called", in the README's order. */
    public Map<String, String> sequences() {
        return sequences;
    }

    private static Map<String, String> parseChecksums(List<String> lines) {
        Map<String, String> out = new LinkedHashMap<>();
        boolean inTable = false;
        int rowsColumn = -1;
        int md5Column = -1;
        for (String line : lines) {
            if (!line.startsWith("|")) {
                inTable = false;
                continue;
            }
            List<String> cells = cells(line);
            if (!inTable) {
                // a table's header: the checksum table has a rows and an md5 column
                inTable = true;
                rowsColumn = cells.indexOf("rows");
                md5Column = indexOfPrefix(cells, "md5");
                continue;
            }
            if (rowsColumn < 0 || md5Column < 0 || cells.get(0).matches(":?-+:?")) {
                continue;
            }
            String rows = cells.get(rowsColumn);
            String md5 = cells.get(md5Column).replace("`", "");
            if (!rows.matches("\\d+") || !md5.matches("[0-9a-f]{32}")) {
                throw new IllegalStateException("unexpected row in a README checksum table: " + line);
            }
            if (out.put(object(cells.get(0)), rows + " " + md5) != null) {
                throw new IllegalStateException("object listed twice in a README checksum table: " + line);
            }
        }
        return out;
    }

    private static String object(String cell) {
        String name = REMARK.matcher(cell.replace("`", "").trim()).replaceAll("");
        return name.replace("\"", "");
    }

    private static List<String> cells(String line) {
        String inner = line.trim();
        inner = inner.substring(1, inner.endsWith("|") ? inner.length() - 1 : inner.length());
        return java.util.Arrays.stream(inner.split("\\|", -1)).map(String::trim).toList();
    }

    private static int indexOfPrefix(List<String> cells, String prefix) {
        for (int i = 0; i < cells.size(); i++) {
            if (cells.get(i).toLowerCase(Locale.ROOT).startsWith(prefix)) {
                return i;
            }
        }
        return -1;
    }

    private static Map<String, String> parseSequences(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        Matcher m = SEQUENCE.matcher(text.replace('\n', ' '));
        while (m.find()) {
            out.put(m.group(1).replace("\"", ""), m.group(2) + " " + m.group(3));
        }
        return out;
    }
}
