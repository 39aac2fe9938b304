package dev.dbrestore.mojo;

import org.apache.maven.plugin.logging.SystemStreamLog;

/** Maven's console log without DEBUG that also keeps the INFO, WARN and ERROR lines, for assertions. */
final class RecordingLog extends SystemStreamLog {
    private final StringBuilder text = new StringBuilder();

    @Override
    public void info(CharSequence content) {
        text.append(content).append('\n');
        super.info(content);
    }

    @Override
    public void warn(CharSequence content) {
        text.append(content).append('\n');
        super.warn(content);
    }

    @Override
    public void error(CharSequence content) {
        text.append(content).append('\n');
        super.error(content);
    }

    @Override
    public void debug(CharSequence content) {
    }

    @Override
    public void debug(Throwable error) {
    }

    @Override
    public void debug(CharSequence content, Throwable error) {
    }

    String text() {
        return text.toString();
    }
}
