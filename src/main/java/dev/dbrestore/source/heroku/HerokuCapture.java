package dev.dbrestore.source.heroku;

import dev.dbrestore.support.Bytes;
import dev.dbrestore.support.Fault;
import dev.dbrestore.support.Progress;
import dev.dbrestore.support.UserError;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;

/**
 * {@code heroku pg:backups:capture} without the CLI: resolve the app's DATABASE_URL add-on
 * (Platform API), ask the data API for a backup of it, then poll its transfer until it finished,
 * saying how far it got. A capture that fails, is canceled or outlasts the timeout ends the run
 * with its state; its logs (which may quote rows) are never fetched into a message.
 */
final class HerokuCapture {
    /** How often the Heroku CLI polls a running transfer (its minimum). */
    static final Duration POLL_INTERVAL = Duration.ofSeconds(3);
    /** Polls in a row that may fail with a 5xx before the wait gives up. */
    private static final int MAX_FAILED_POLLS = 5;
    /** A running capture's progress is said again after this long even if its state did not change. */
    private static final long PROGRESS_EVERY_NANOS = Duration.ofSeconds(30).toNanos();

    private final HerokuClient client;
    private final URI platformApi;
    private final Duration timeout;
    private final Duration interval;
    private final Progress log;

    HerokuCapture(HerokuClient client, URI platformApi, Duration timeout, Duration interval, Progress log) {
        this.client = client;
        this.platformApi = platformApi;
        this.timeout = timeout;
        this.interval = interval;
        this.log = log;
    }

    /** A finished, successful backup and the client of the app that lists it. */
    record Captured(HerokuClient owner, Transfer transfer) {
    }

    Captured run(String app) throws IOException {
        HerokuClient.Addon addon = client.databaseAddon(platformApi);
        HerokuClient owner = client.forApp(addon.app());
        if (!addon.app().equals(app)) {
            log.info(addon.name() + " is billed to the app " + addon.app() + ": its backups, this capture too, are listed there");
        }
        Transfer transfer = owner.capture(addon);
        String name = transfer.name();
        log.info("Capturing a fresh backup " + name + " of " + addon.name() + " (" + addon.app()
                + "), as heroku pg:backups:capture does; waiting for it up to " + Bytes.duration(timeout.toMillis())
                + " (captureTimeout)");
        long started = System.nanoTime();
        long lastSaid = started;
        String lastState = state(transfer);
        int failedPolls = 0;
        log.info("Capture " + name + ": " + lastState);
        while (!transfer.finished()) {
            if (System.nanoTime() - started > timeout.toNanos()) {
                throw new UserError("The capture " + name + " of " + addon.app() + " did not finish within "
                        + Bytes.duration(timeout.toMillis()) + " (captureTimeout); it is " + state(transfer)
                        + ". Nothing was restored. The backup goes on at Heroku: raise captureTimeout, or restore it once "
                        + "it completed with backup: " + name + " (or stop it with heroku pg:backups:cancel " + name
                        + " --app " + addon.app() + ").");
            }
            sleep();
            try {
                transfer = owner.transfer(transfer.uuid() != null ? transfer.uuid() : Long.toString(transfer.num()));
                failedPolls = 0;
            } catch (HerokuClient.TransientError e) {
                // the Heroku CLI also keeps polling through the data API's occasional 5xx
                if (++failedPolls > MAX_FAILED_POLLS) {
                    throw new Fault("Heroku's data API failed " + failedPolls + " times in a row while the capture " + name
                            + " of " + addon.app() + " ran (" + e.getMessage() + "). Nothing was restored; the backup goes on "
                            + "at Heroku: restore it once it completed with backup: " + name + ".", e);
                }
                log.debug("Capture " + name + ": " + e.getMessage() + "; asking again");
                continue;
            }
            String state = state(transfer);
            long now = System.nanoTime();
            if (!transfer.status().equals(statusOf(lastState)) || now - lastSaid >= PROGRESS_EVERY_NANOS) {
                log.info("Capture " + name + ": " + state);
                lastSaid = now;
            }
            lastState = state;
        }
        if (!"succeeded".equals(transfer.status())) {
            throw new UserError("The capture " + name + " of " + addon.app() + " " + (transfer.canceled() ? "was canceled"
                    : "failed") + " (state: " + transfer.status() + "). Nothing was restored. "
                    + "heroku pg:backups:info " + name + " --app " + addon.app() + " shows its logs.");
        }
        return new Captured(owner, transfer);
    }

    /** {@code pending}, {@code running, 3.1 MB processed}, {@code succeeded, 8.1 MB}: no value of the data. */
    static String state(Transfer t) {
        String status = t.status();
        Long processed = t.processedBytes();
        if (status.equals("running") && processed != null) {
            return status + ", " + Bytes.format(processed) + " processed"
                    + (t.sourceBytes() != null && t.sourceBytes() > 0 ? " (database " + Bytes.format(t.sourceBytes()) + ")" : "");
        }
        if (status.equals("succeeded") && processed != null) {
            return status + ", " + Bytes.format(processed);
        }
        return status;
    }

    private static String statusOf(String state) {
        int comma = state.indexOf(',');
        return comma < 0 ? state : state.substring(0, comma);
    }

    private void sleep() throws IOException {
        try {
            Thread.sleep(interval.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the Heroku capture", e);
        }
    }
}
