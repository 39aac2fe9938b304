package dev.dbrestore.engine.nativeengine;

import dev.dbrestore.archive.TocEntry;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CopyStatementTest {
    private static final TocEntry ORDERS = table(10, "TABLE", "Order Items", 'r');
    private static final TocEntry REMOTE = table(11, "FOREIGN TABLE", "remote", 'f');
    private static final TocEntry PARTITION = table(12, "TABLE", "sales_2024", 'r');

    @Test
    void theEntrysOwnOrdinaryTableIsTruncatedAndFrozen() {
        TocEntry data = data(20, "Order Items", "COPY public.\"Order Items\" (id, qty) FROM stdin;\n", 10);
        assertThat(CopyStatement.ownTable(data, all())).isEqualTo("\"public\".\"Order Items\"");
        assertThat(CopyStatement.withFreeze(data.copyStmt())).isEqualTo("COPY public.\"Order Items\" (id, qty) FROM stdin WITH (FREEZE)");
    }

    @Test
    void aForeignTableIsNeverTruncated() {
        TocEntry data = data(21, "remote", "COPY public.remote (id) FROM stdin;\n", 11);
        assertThat(CopyStatement.ownTable(data, all())).isNull();
    }

    @Test
    void rowsLoadedThroughThePartitionRootAreCopiedAsTheyAre() {
        TocEntry data = data(22, "sales_2024", "COPY public.sales (id) FROM stdin;\n", 12);
        assertThat(CopyStatement.ownTable(data, all())).isNull();
    }

    @Test
    void aStatementNotInPgDumpsFormIsLeftAlone() {
        assertThat(CopyStatement.withFreeze("COPY public.t (a) FROM stdin WITH (FORMAT binary);")).isNull();
        assertThat(CopyStatement.ownTable(data(23, "Order Items", "COPY public.\"Order Items\" FROM '/etc/passwd';", 10),
                all())).isNull();
    }

    private static Map<Integer, TocEntry> all() {
        return Map.of(10, ORDERS, 11, REMOTE, 12, PARTITION);
    }

    private static TocEntry table(int id, String desc, String tag, char relkind) {
        return new TocEntry(id, true, "0", "0", tag, desc, TocEntry.SECTION_PRE_DATA, "", "", "", "public", "", null,
                relkind, "", List.of(), 3, 0, null);
    }

    private static TocEntry data(int id, String tag, String copy, int table) {
        return new TocEntry(id, true, "0", "0", tag, "TABLE DATA", TocEntry.SECTION_DATA, "", "", copy, "public", "", null,
                0, "", List.of(table), 2, 0, null);
    }
}
