package dev.dbrestore.testing;

import dev.dbrestore.support.Progress;
import dev.dbrestore.support.Redactor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** A Progress that keeps every line, redacted as the Maven log would show it. */
public final class RecordingProgress implements Progress {
    public final List<String> lines = Collections.synchronizedList(new ArrayList<>());

    @Override public void info(String message) { lines.add("INFO " + Redactor.redact(message)); }
    @Override public void warn(String message) { lines.add("WARN " + Redactor.redact(message)); }
    @Override public void debug(String message) { lines.add("DEBUG " + Redactor.redact(message)); }

    /** The info messages, without their level. */
    public List<String> infos() {
        return messages("INFO ");
    }

    /** The warnings, without their level. */
    public List<String> warnings() {
        return messages("WARN ");
    }

    private List<String> messages(String level) {
        synchronized (lines) {
            return lines.stream().filter(l -> l.startsWith(level)).map(l -> l.substring(level.length())).toList();
        }
    }

    public String text() {
        synchronized (lines) {
            return String.join("\n", lines);
        }
    }
}
