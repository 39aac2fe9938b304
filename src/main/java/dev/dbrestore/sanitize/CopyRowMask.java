package dev.dbrestore.sanitize;

import dev.dbrestore.sql.CopyText;
import dev.dbrestore.support.UserError;

import java.nio.charset.Charset;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

/**
 * Masks the fields of one table's COPY data lines: fields without a mask pass as the bytes they
 * are; masked ones are decoded, masked and encoded again. Errors name the table, column and row
 * number, never a value.
 */
public final class CopyRowMask {
    private static final byte[] TAB = {'\t'};
    private final String table;
    private final List<UnaryOperator<String>> masks;
    private final Charset charset;
    private final AtomicLong rows;
    /** The line being built; one COPY feeds one mask from one thread. */
    private byte[] out = new byte[1024];
    private int at;

    CopyRowMask(String table, List<UnaryOperator<String>> masks, Charset charset, AtomicLong rows) {
        this.table = table;
        this.masks = masks;
        this.charset = charset;
        this.rows = rows;
    }

    /** One data line without its line end → the masked line. */
    public byte[] rewrite(byte[] line, int length) {
        long row = rows.incrementAndGet();
        int[] starts = CopyText.fieldStarts(line, length);
        int fields = starts.length - 1;
        if (fields != masks.size()) {
            throw new UserError("Masking " + table + " in the restore stream: row " + row + " has " + fields
                    + " field(s) but the COPY lists " + masks.size() + " column(s); the dump is damaged");
        }
        at = 0;
        for (int i = 0; i < fields; i++) {
            if (i > 0) {
                append(TAB, 0, 1);
            }
            int from = starts[i];
            int to = starts[i + 1] - 1;
            UnaryOperator<String> mask = masks.get(i);
            if (mask == null) {
                append(line, from, to - from);
                continue;
            }
            String masked;
            try {
                masked = mask.apply(CopyText.decode(line, from, to, charset));
            } catch (UserError e) {
                throw new UserError("Masking " + table + " in the restore stream, row " + row + ": " + e.getMessage());
            } catch (RuntimeException e) {
                // a number or date the mask cannot read; the exception's message would quote it
                throw new UserError("Masking " + table + " in the restore stream, row " + row + ", field " + (i + 1)
                        + ": the value has a form this mask rule cannot read (" + e.getClass().getSimpleName() + ")");
            }
            byte[] field = CopyText.encode(masked, charset);
            append(field, 0, field.length);
        }
        return Arrays.copyOf(out, at);
    }

    private void append(byte[] bytes, int from, int length) {
        if (at + length > out.length) {
            out = Arrays.copyOf(out, Math.max(at + length, out.length * 2));
        }
        System.arraycopy(bytes, from, out, at, length);
        at += length;
    }
}
