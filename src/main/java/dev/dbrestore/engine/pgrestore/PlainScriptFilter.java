package dev.dbrestore.engine.pgrestore;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Copies a plain-SQL dump to psql line by line, giving it the meaning of
 * {@code pg_restore --no-owner --no-privileges}: ownership and privilege statements are dropped,
 * and a few lines trigger preparation first (roles of a policy, the heroku_ext schema). pg_dump
 * writes each of these statements on a line of its own at statement start, so looking at the
 * start of lines outside COPY data is enough. Memory stays bounded: a line longer than the
 * buffer is streamed through unexamined (only data lines are that long).
 */
public final class PlainScriptFilter {
    private static final int MAX_EXAMINED = 1 << 20;

    /** What the filter does with a line it examined. */
    public interface LineHook {
        /**
         * Called before a {@code CREATE POLICY} or {@code CREATE EXTENSION} line reaches psql; returns
         * SQL to send to psql just before that line, or null. (psql runs behind the filter, so
         * anything that must happen in order goes through the stream, not a side connection.)
         */
        String beforeStatement(String line);
    }

    private final boolean dropTransactionTimeout;
    private final LineHook hook;
    private final Consumer<String> dropped;
    private boolean inCopyData;
    private boolean atStatementStart = true;
    private long droppedCount;

    public PlainScriptFilter(boolean dropTransactionTimeout, LineHook hook, Consumer<String> dropped) {
        this.dropTransactionTimeout = dropTransactionTimeout;
        this.hook = hook;
        this.dropped = dropped;
    }

    public long droppedCount() {
        return droppedCount;
    }

    public void copy(InputStream in, OutputStream out) throws IOException {
        byte[] line = new byte[8192];
        int len = 0;
        boolean overflow = false;
        byte[] buf = new byte[65536];
        int n;
        while ((n = in.read(buf)) > 0) {
            for (int i = 0; i < n; i++) {
                byte b = buf[i];
                if (overflow) {
                    out.write(b);
                    if (b == '\n') {
                        overflow = false;
                        afterLongLine();
                    }
                    continue;
                }
                if (len == line.length) {
                    if (line.length < MAX_EXAMINED) {
                        line = Arrays.copyOf(line, line.length * 2);
                    } else {
                        out.write(line, 0, len);
                        len = 0;
                        overflow = true;
                        out.write(b);
                        if (b == '\n') {
                            overflow = false;
                            afterLongLine();
                        }
                        continue;
                    }
                }
                line[len++] = b;
                if (b == '\n') {
                    handleLine(line, len, out);
                    len = 0;
                }
            }
        }
        if (len > 0) {
            handleLine(line, len, out);
        }
        out.flush();
    }

    private void afterLongLine() {
        // a long line is COPY data or the middle of a statement; neither starts a new statement
        atStatementStart = false;
    }

    private void handleLine(byte[] line, int len, OutputStream out) throws IOException {
        if (inCopyData) {
            out.write(line, 0, len);
            if (isEndOfCopy(line, len)) {
                inCopyData = false;
                atStatementStart = true;
            }
            return;
        }
        String text = new String(line, 0, len, StandardCharsets.UTF_8);
        String trimmed = text.strip();
        if (atStatementStart && drop(trimmed)) {
            droppedCount++;
            dropped.accept(trimmed);
            return;
        }
        if (atStatementStart) {
            String upper = trimmed.toUpperCase(Locale.ROOT);
            if (upper.startsWith("CREATE POLICY") || upper.startsWith("CREATE EXTENSION")) {
                String inject = hook.beforeStatement(trimmed);
                if (inject != null) {
                    out.write((inject + "\n").getBytes(StandardCharsets.UTF_8));
                }
            }
            if (upper.startsWith("COPY ") && upper.endsWith("FROM STDIN;")) {
                inCopyData = true;
            }
        }
        out.write(line, 0, len);
        if (!inCopyData) {
            atStatementStart = trimmed.isEmpty() || trimmed.startsWith("--") || trimmed.endsWith(";")
                    || trimmed.startsWith("\\");
        }
    }

    private boolean drop(String trimmed) {
        String upper = trimmed.toUpperCase(Locale.ROOT);
        if (!trimmed.endsWith(";")) {
            return false;
        }
        return (upper.startsWith("ALTER ") && upper.contains(" OWNER TO "))
                || upper.startsWith("GRANT ")
                || upper.startsWith("REVOKE ")
                || upper.startsWith("ALTER DEFAULT PRIVILEGES ")
                || (dropTransactionTimeout && upper.startsWith("SET TRANSACTION_TIMEOUT"));
    }

    private static boolean isEndOfCopy(byte[] line, int len) {
        int end = len;
        while (end > 0 && (line[end - 1] == '\n' || line[end - 1] == '\r')) {
            end--;
        }
        return end == 2 && line[0] == '\\' && line[1] == '.';
    }
}
