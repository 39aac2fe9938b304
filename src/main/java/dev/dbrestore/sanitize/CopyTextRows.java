package dev.dbrestore.sanitize;

import org.postgresql.PGConnection;

import java.io.IOException;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Receives the output of {@code COPY (…) TO STDOUT} (text format, UTF-8) as the server streams it and
 * hands each row's fields, decoded, to a {@link RowConsumer}: tab-separated fields, {@code \N} for
 * NULL, backslash escapes ({@code \n}, {@code \t}, {@code \\}, octal, {@code \x}) undone. The server
 * keeps sending while the rows are looked at, which a cursor's fetch-then-wait round trips do not
 * allow. Holds one row at a time.
 */
final class CopyTextRows extends OutputStream {

    /** One row: {@code fields[i]} is null for SQL NULL. */
    interface RowConsumer {
        void row(String[] fields);
    }

    private final String[] fields;
    private final RowConsumer consumer;
    private byte[] line = new byte[8192];
    private int length;
    private byte[] field = new byte[8192];

    /** Runs {@code COPY (select) TO STDOUT} on {@code connection}, handing each row of its {@code columns} columns to {@code consumer}. */
    static void copyOut(Connection connection, String select, int columns, RowConsumer consumer) throws SQLException {
        try {
            connection.unwrap(PGConnection.class).getCopyAPI().copyOut("COPY (" + select + ") TO STDOUT",
                    new CopyTextRows(columns, consumer));
        } catch (IOException e) {
            throw new IllegalStateException("cannot happen: the rows go to memory", e);
        }
    }

    CopyTextRows(int columns, RowConsumer consumer) {
        this.fields = new String[columns];
        this.consumer = consumer;
    }

    @Override
    public void write(int b) {
        if (b == '\n') {
            row();
            return;
        }
        if (length == line.length) {
            line = Arrays.copyOf(line, line.length * 2);
        }
        line[length++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) {
        int start = off;
        int end = off + len;
        for (int i = off; i < end; i++) {
            if (b[i] == '\n') {
                append(b, start, i - start);
                row();
                start = i + 1;
            }
        }
        append(b, start, end - start);
    }

    private void append(byte[] b, int off, int len) {
        if (length + len > line.length) {
            line = Arrays.copyOf(line, Math.max(line.length * 2, length + len));
        }
        System.arraycopy(b, off, line, length, len);
        length += len;
    }

    private void row() {
        int column = 0;
        int start = 0;
        for (int i = 0; i <= length; i++) {
            if (i == length || line[i] == '\t') {
                if (column < fields.length) {
                    fields[column++] = decode(start, i);
                }
                start = i + 1;
            }
        }
        length = 0;
        consumer.row(fields);
    }

    private String decode(int from, int to) {
        if (to - from == 2 && line[from] == '\\' && line[from + 1] == 'N') {
            return null;
        }
        if (field.length < to - from) {
            field = new byte[Math.max(to - from, field.length * 2)];
        }
        int n = 0;
        for (int i = from; i < to; i++) {
            byte c = line[i];
            if (c != '\\' || i + 1 == to) {
                field[n++] = c;
                continue;
            }
            byte next = line[++i];
            switch (next) {
                case 'b' -> field[n++] = '\b';
                case 'f' -> field[n++] = '\f';
                case 'n' -> field[n++] = '\n';
                case 'r' -> field[n++] = '\r';
                case 't' -> field[n++] = '\t';
                case 'v' -> field[n++] = 11;
                case 'x' -> {
                    int value = 0;
                    int digits = 0;
                    while (digits < 2 && i + 1 < to && Character.digit(line[i + 1], 16) >= 0) {
                        value = value * 16 + Character.digit(line[++i], 16);
                        digits++;
                    }
                    field[n++] = digits == 0 ? (byte) 'x' : (byte) value;
                }
                default -> {
                    if (next >= '0' && next <= '7') {
                        int value = next - '0';
                        for (int digits = 1; digits < 3 && i + 1 < to && line[i + 1] >= '0' && line[i + 1] <= '7'; digits++) {
                            value = value * 8 + line[++i] - '0';
                        }
                        field[n++] = (byte) value;
                    } else {
                        field[n++] = next;
                    }
                }
            }
        }
        return new String(field, 0, n, StandardCharsets.UTF_8);
    }
}
