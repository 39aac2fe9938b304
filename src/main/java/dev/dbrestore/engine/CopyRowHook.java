package dev.dbrestore.engine;

import java.nio.charset.Charset;
import java.util.List;

/**
 * Rewrites the data lines of a table's {@code COPY … FROM stdin} while they stream to the server
 * (the native engine applies it; masking uses it so a raw value never reaches the server). The
 * engine knows nothing of what the rewriting does.
 */
@FunctionalInterface
public interface CopyRowHook {

    /**
     * How to rewrite the rows of one COPY into {@code schema.table} (schema null when the statement
     * does not name one), whose {@code columns} are listed in the order of the fields of each line and
     * whose bytes are in {@code charset}; null to send the rows as they are. May be called from
     * several threads.
     */
    RowRewriter forCopy(String schema, String table, List<String> columns, Charset charset);

    /** Rewrites one data line at a time. */
    @FunctionalInterface
    interface RowRewriter {
        /** {@code line[0, length)}, one row without its line end, as the row to send (without its line end). */
        byte[] rewrite(byte[] line, int length);
    }
}
