package dev.dbrestore.sanitize;

import dev.dbrestore.sql.CopyText;
import dev.dbrestore.support.UserError;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

/**
 * Masks the fields of one table's COPY data lines: fields without a mask pass as the bytes they
 * are; masked ones are decoded, masked and encoded again. Errors name the table, column and row
 * number, never a value.
 */
public final class CopyRowMask {
    private final String table;
    private final List<UnaryOperator<String>> masks;
    private final Charset charset;
    private final AtomicLong rows;

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
        ByteArrayOutputStream out = new ByteArrayOutputStream(length + 64);
        for (int i = 0; i < fields; i++) {
            if (i > 0) {
                out.write('\t');
            }
            int from = starts[i];
            int to = starts[i + 1] - 1;
            UnaryOperator<String> mask = masks.get(i);
            if (mask == null) {
                out.write(line, from, to - from);
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
            CopyText.encode(masked, charset, out);
        }
        return out.toByteArray();
    }
}
