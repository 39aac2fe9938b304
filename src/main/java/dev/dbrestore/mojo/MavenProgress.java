package dev.dbrestore.mojo;

import dev.dbrestore.support.Progress;
import dev.dbrestore.support.Redactor;
import org.apache.maven.plugin.logging.Log;

/** The core's {@link Progress} on Maven's log, every line redacted on the way. */
final class MavenProgress implements Progress {
    private final Log log;
    private final boolean interactive;

    MavenProgress(Log log, boolean interactive) {
        this.log = log;
        this.interactive = interactive;
    }

    @Override
    public void info(String message) {
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
