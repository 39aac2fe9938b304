package dev.dbrestore.support;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

class RestoreMeterTest {

    @Test
    void oneLineTellsPhaseBytesTablesRowsAndIndexes() {
        RestoreMeter meter = new RestoreMeter(() -> 3L << 20, 4L << 20);
        meter.plan(17, 31);
        meter.phase("data");
        for (int i = 0; i < 5; i++) {
            meter.tableDone();
        }
        meter.rows(1_234_567);
        meter.postDataDone();
        assertThat(meter.line()).startsWith("Restoring (data, indexes and constraints): 3.0 MB of 4.0 MB (75%) at ")
                .contains(", ETA of the data ", "; 5 of 17 tables, 1,234,567 rows; 1 of 31 indexes and constraints; ")
                .endsWith(" elapsed");
    }

    @Test
    void tablesLoadingOnSeveralConnectionsShowAsDataUntilTheLastIsLoaded() {
        RestoreMeter meter = new RestoreMeter(() -> 0, null);
        meter.plan(2, 3);
        meter.phase("indexes and constraints"); // set when all of it runs on the connections at once
        assertThat(meter.line()).startsWith("Restoring (data): ");
        assertThat(meter.secondsUntilDataLoaded()).isEqualTo(-1);
        meter.tableDone();
        meter.postDataDone();
        assertThat(meter.line()).startsWith("Restoring (data, indexes and constraints): ");
        meter.tableDone();
        assertThat(meter.line()).startsWith("Restoring (indexes and constraints): ");
        assertThat(meter.secondsUntilDataLoaded()).isBetween(0.0, meter.secondsElapsed());
    }

    @Test
    void bytesReadAtRandomCountAndAnUnknownSizeHasNoEta() {
        RestoreMeter meter = new RestoreMeter(() -> 1L << 20, null);
        meter.bytesRead(1L << 20);
        assertThat(meter.bytesRead()).isEqualTo(2L << 20);
        assertThat(meter.line()).startsWith("Restoring: 2.0 MB at ").doesNotContain("ETA", "tables");
    }

    @Test
    void reportsEveryIntervalUntilClosed() throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        RestoreMeter meter = RestoreMeter.unwatched();
        try (AutoCloseable ticking = meter.report(new Progress() {
            @Override public void info(String message) { lines.add(message); }
            @Override public void warn(String message) { }
            @Override public void debug(String message) { }
        }, 50)) {
            Thread.sleep(400);
        }
        int seen = lines.size();
        assertThat(seen).isGreaterThanOrEqualTo(2);
        Thread.sleep(200);
        assertThat(lines).hasSize(seen);
    }
}
