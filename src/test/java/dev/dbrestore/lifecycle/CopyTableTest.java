package dev.dbrestore.lifecycle;

import dev.dbrestore.source.Backup;
import dev.dbrestore.source.BackupTable;
import dev.dbrestore.support.Times;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 17 item 8: list shows each copy's project, and every table shows times one way. */
class CopyTableTest {
    private static Provenance provenance(String project) {
        return new Provenance(Provenance.FORMAT_VERSION, Provenance.COPY, project, "local", "file:a.dump", "a.dump",
                "2026-11-28T09:15:42.123456789Z", 1L, "2026-12-01T14:42:43.601604106Z", true, null, "native", "15");
    }

    @Test
    void listShowsTheProjectOfEveryCopy() {
        List<String> lines = CopyTable.render(List.of(new CopyCatalog.Copy("acme_local_20261128", provenance("acme"), 1024, 0),
                new CopyCatalog.Copy("shop_local_20261128", provenance("shop"), 1024, 0)));

        assertThat(lines.get(0)).startsWith("DATABASE").contains("PROJECT");
        assertThat(lines.get(1)).matches("acme_local_20261128\\s+acme\\s+local\\s+file:a\\.dump\\s+2026-11-28 09:15 UTC\\s+"
                + "2026-12-01 14:42 UTC\\s+.*yes");
        assertThat(lines.get(2)).contains("shop_local_20261128", " shop ");
    }

    @Test
    void everyGoalShowsTimesTheSameWay() {
        Instant t = Instant.parse("2026-12-01T14:42:43.601604106Z");
        assertThat(Times.show(t)).isEqualTo("2026-12-01 14:42 UTC");
        assertThat(Times.show("2026-12-01T14:42:43.601604106Z")).isEqualTo("2026-12-01 14:42 UTC");
        assertThat(Times.show("not a time")).isEqualTo("not a time");
        assertThat(BackupTable.render(List.of(new Backup("b042", t, 10L, "completed", null))).get(1))
                .contains("2026-12-01 14:42 UTC").doesNotContain("T14:42");
    }
}
