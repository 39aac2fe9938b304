package dev.dbrestore.report;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The machine-readable account of one run, written to {@code report.json} for CI to archive:
 * backup, target, steps with durations and row counts, verification results, PII findings,
 * prunes, a listing goal's result. Written by every goal that reads or changes databases or
 * sources (restore, sanitize, publish, prune, list, backups), on success and on failure alike.
 * Its fields are documented in README "report.json".
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class RunReport {
    /** The version of this document's shape (README "report.json"). */
    public static final String SCHEMA = "dbrestore/report/v1";

    public final String schema = SCHEMA;
    public String goal;
    public String profile;
    public String outcome = "running";
    public String error;
    public String startedAt = Instant.now().toString();
    public String finishedAt;
    public Map<String, Object> backup;
    public Map<String, Object> dump;
    public Map<String, Object> target;
    public final List<Step> steps = new ArrayList<>();
    public Object sanitize;
    public List<Object> verification;
    public List<Object> piiFindings;
    /** What each prune of the run did: the prune goal's (one per copy with thisBuild), restore's autoPrune. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public final List<Object> prune = new ArrayList<>();
    /** list, backups: the goal's result, the same document {@code -Ddbrestore.output=json} prints. */
    public Object result;

    /** One timed step: name, duration, rows affected when known, a short detail. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Step(String name, long durationMs, Long rows, String detail) {
    }

    public RunReport(String goal, String profile) {
        this.goal = goal;
        this.profile = profile;
    }

    public void step(String name, long durationMs, Long rows, String detail) {
        steps.add(new Step(name, durationMs, rows, detail));
    }

    public static Map<String, Object> map(Object... keyValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            if (keyValues[i + 1] != null) {
                m.put((String) keyValues[i], keyValues[i + 1]);
            }
        }
        return m;
    }

    public void finish(String outcomeValue, String errorMessage) {
        this.outcome = outcomeValue;
        this.error = errorMessage;
        this.finishedAt = Instant.now().toString();
    }

    /**
     * Writes the report as {@code report.json} (the last goal's run) and as {@code report-<goal>.json}
     * (kept when a later goal of the build writes report.json: a restore's beside the prune after the
     * ITs), each replacing the previous one atomically (a temporary file moved over it), so a run
     * killed while writing never leaves half a report; a report that cannot be written must not hide
     * the run's real outcome.
     *
     * @return the report.json written
     */
    public Path writeTo(Path dir) throws IOException {
        JsonFile.write(dir.resolve("report-" + goal + ".json"), this);
        return JsonFile.write(dir.resolve("report.json"), this);
    }
}
