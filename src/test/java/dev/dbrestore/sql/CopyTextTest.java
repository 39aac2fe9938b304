package dev.dbrestore.sql;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The COPY text format: column lists, fields, escapes as the server reads them. */
class CopyTextTest {

    private static String decode(String field) {
        byte[] bytes = field.getBytes(StandardCharsets.UTF_8);
        return CopyText.decode(bytes, 0, bytes.length, StandardCharsets.UTF_8);
    }

    @Test
    void columnListsAreUnquoted() {
        assertThat(CopyText.columns("COPY public.\"Order (Items)\" (id, \"Line, Total\", \"x\"\"y\", Email) FROM stdin;"))
                .containsExactly("id", "Line, Total", "x\"y", "email");
        assertThat(CopyText.columns("COPY t FROM stdin;")).isEmpty();
    }

    @Test
    void fieldsAndEscapesDecodeAsTheServerReadsThem() {
        byte[] line = "1\t\\N\t\t".getBytes(StandardCharsets.UTF_8);
        assertThat(CopyText.fieldStarts(line, line.length)).containsExactly(0, 2, 5, 6, 7);
        assertThat(decode("\\N")).isNull();
        assertThat(decode("a\\tb\\nc\\\\d\\re\\bf\\fg\\vh")).isEqualTo("a\tb\nc\\d\re\bf\fg\u000Bh");
        assertThat(decode("\\101\\x42\\x4g\\7\\q")).isEqualTo("AB\u0004g\u0007q");
        assertThat(decode("\\303\\251t\\xc3\\xa9")).isEqualTo("été"); // escapes give bytes, decoded together
        assertThat(decode("\\\\N")).isEqualTo("\\N");
    }

    @Test
    void encodingEscapesWhatWouldBreakTheLine() {
        assertThat(new String(CopyText.encode("a\tb\nc\\d\re", StandardCharsets.UTF_8), StandardCharsets.UTF_8))
                .isEqualTo("a\\tb\\nc\\\\d\\re");
        assertThat(new String(CopyText.encode(null, StandardCharsets.UTF_8), StandardCharsets.UTF_8)).isEqualTo("\\N");
        for (String value : List.of("plain", "Zoë 山田", "\\N", "tab\there", "")) {
            byte[] encoded = CopyText.encode(value, StandardCharsets.UTF_8);
            assertThat(CopyText.decode(encoded, 0, encoded.length, StandardCharsets.UTF_8)).isEqualTo(value);
        }
    }
}
