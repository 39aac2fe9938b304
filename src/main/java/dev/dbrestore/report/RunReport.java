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
 * backup, target, steps with durations and row counts, verification results, PII findings.
 * Written on success and on failure alike.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class RunReport {
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
    public Object prune;

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
     * Writes the report, replacing the previous one atomically (a temporary file moved over it), so
     * a run killed while writing never leaves half a report; a report that cannot be written must
     * not hide the run's real outcome.
     */
    public Path writeTo(Path dir) throws IOException {
        return JsonFile.write(dir.resolve("report.json"), this);
    }
}
