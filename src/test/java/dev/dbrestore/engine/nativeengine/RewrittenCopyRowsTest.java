package dev.dbrestore.engine.nativeengine;

import dev.dbrestore.support.UserError;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each data line through the rewriter; line ends kept; the end marker and what follows untouched; bounded lines. */
class RewrittenCopyRowsTest {

    private static String rewrite(String data) throws Exception {
        InputStream in = new RewrittenCopyRows(new ByteArrayInputStream(data.getBytes(StandardCharsets.UTF_8)),
                (line, length) -> new String(line, 0, length, StandardCharsets.UTF_8).toUpperCase(Locale.ROOT)
                        .getBytes(StandardCharsets.UTF_8), "COPY t");
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    @Test
    void everyLineIsRewrittenUpToTheEndMarker() throws Exception {
        assertThat(rewrite("a\tb\nc\\td\r\n\ne\n\\.\nafter\n\n")).isEqualTo("A\tB\nC\\TD\r\n\nE\n\\.\nafter\n\n");
        assertThat(rewrite("last line without end")).isEqualTo("LAST LINE WITHOUT END");
        assertThat(rewrite("")).isEmpty();
    }

    @Test
    void aLineLongerThanTheLimitFailsInsteadOfFillingTheHeap() {
        InputStream endless = new InputStream() {
            private long left = RewrittenCopyRows.MAX_LINE + 10L;

            @Override
            public int read() {
                return left-- > 0 ? 'x' : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left <= 0) {
                    return -1;
                }
                int n = (int) Math.min(len, left);
                Arrays.fill(b, off, off + n, (byte) 'x');
                left -= n;
                return n;
            }
        };
        assertThatThrownBy(() -> new RewrittenCopyRows(endless, (line, length) -> line, "COPY public.big").readAllBytes())
                .isInstanceOf(UserError.class)
                .hasMessageContaining("Restoring COPY public.big: row 1 is longer than 64");
    }
}
