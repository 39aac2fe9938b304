package dev.dbrestore.mojo;

import dev.dbrestore.support.Progress;
import dev.dbrestore.support.Redactor;
import org.apache.maven.plugin.logging.Log;

/** The core's {@link Progress} on Maven's log, every line redacted on the way. */
final class MavenProgress implements Progress {
    private final Log log;
    private final boolean interactive;
    private final java.io.PrintStream quietOut;

    MavenProgress(Log log, boolean interactive) {
        this(log, interactive, null);
    }

    /**
     * @param quietOut where the info lines go when Maven's log shows no info ({@code mvn -q}): a goal
     *                 whose output is its result (list, backups) still prints its table; null: nowhere
     */
    MavenProgress(Log log, boolean interactive, java.io.PrintStream quietOut) {
        this.log = log;
        this.interactive = interactive;
        this.quietOut = quietOut;
    }

    @Override
    public void info(String message) {
        if (quietOut != null && !log.isInfoEnabled()) {
            quietOut.println(Redactor.redact(message));
            return;
        }
        log.info(Redactor.redact(message));
    }

    @Override
    public void warn(String message) {
        log.warn(Redactor.redact(message));
    }

    @Override
    public void debug(String message) {
        if (log.isDebugEnabled()) {
            log.debug(Redactor.redact(message));
        }
    }

    @Override
    public boolean interactive() {
        return interactive;
    }
}
