package dev.dbrestore.mojo;

import org.apache.maven.plugin.logging.SystemStreamLog;

/** Maven's console log without DEBUG that also keeps the INFO, WARN and ERROR lines, for assertions. */
final class RecordingLog extends SystemStreamLog {
    private final StringBuilder text = new StringBuilder();

    @Override
    public void info(CharSequence content) {
        super.info(keep(content));
    }

    @Override
    public void warn(CharSequence content) {
        super.warn(keep(content));
    }

    @Override
    public void error(CharSequence content) {
        super.error(keep(content));
    }

    private CharSequence keep(CharSequence content) {
        text.append(content).append('\n');
        return content;
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
