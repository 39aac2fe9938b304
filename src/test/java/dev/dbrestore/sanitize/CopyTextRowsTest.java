package dev.dbrestore.sanitize;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** COPY text rows as the leak scan reads them: fields, NULL, escapes, rows split across writes. */
class CopyTextRowsTest {
    @Test
    void decodesFieldsNullsAndEscapesWhateverTheWriteBoundaries() {
        byte[] copy = ("a\\tb\\\\c\\nd\t\\N\tx\\101\\x42é\n" + "{\"k\": \"O'Brien \\\\\"q\\\\\"\"}\t\t\\q\n").getBytes(StandardCharsets.UTF_8);
        for (int chunk : new int[] {1, 3, 7, copy.length}) {
            List<List<String>> rows = new ArrayList<>();
            CopyTextRows reader = new CopyTextRows(3, fields -> rows.add(Arrays.asList(fields.clone())));
            for (int i = 0; i < copy.length; i += chunk) {
                reader.write(copy, i, Math.min(chunk, copy.length - i));
            }
            assertThat(rows).as("chunks of %d", chunk).containsExactly(
                    Arrays.asList("a\tb\\c\nd", null, "xABé"),
                    Arrays.asList("{\"k\": \"O'Brien \\\"q\\\"\"}", "", "q"));
        }
    }
}
