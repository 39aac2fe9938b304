package dev.dbrestore.mojo;

import dev.dbrestore.config.RunOptions;
import dev.dbrestore.support.Declined;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/** Issue 17 item 6: "n" at the prompt is the user's choice; the goal ends with that line, not BUILD FAILURE. */
class DeclinedEndsCleanlyTest {

    @Test
    void aDeclinedAnswerIsAnInfoLineNotAFailure() {
        RecordingLog log = new RecordingLog();
        AbstractDbRestoreMojo mojo = new AbstractDbRestoreMojo() {
            @Override
            protected String goal() {
                return "restore";
            }

            @Override
            protected void run(RunOptions options) {
                throw new Declined("Database acme_local_20261128 already exists and was kept, as answered; nothing was restored.");
            }
        };
        mojo.setLog(log);

        assertThatCode(mojo::execute).doesNotThrowAnyException();
        assertThat(log.text()).contains("already exists and was kept, as answered");
    }
}
