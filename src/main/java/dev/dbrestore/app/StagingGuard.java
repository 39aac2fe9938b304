package dev.dbrestore.app;

import dev.dbrestore.db.ConnectionSettings;
import dev.dbrestore.db.PgAdmin;
import dev.dbrestore.support.Progress;

/**
 * Drops the staging database if the JVM is stopped (Ctrl-C) while a restore runs. Normal failures
 * are cleaned up by the pipeline itself; this hook covers the case where no code after the
 * interruption gets to run.
 */
final class StagingGuard implements AutoCloseable {
    private final Thread hook;
    private volatile boolean armed = true;

    StagingGuard(ConnectionSettings server, String staging, Progress progress) {
        this(server, staging, "staging database", progress);
    }

    /** {@code what} names the database in the message: "staging database", "scratch database". */
    StagingGuard(ConnectionSettings server, String staging, String what, Progress progress) {
        this.hook = new Thread(() -> {
            if (!armed) {
                return;
            }
            try (PgAdmin admin = PgAdmin.connect(server)) {
                if (!admin.exists(staging)) {
                    return; // interrupted after the swap: the copy is in place under its name, nothing to drop
                }
                admin.dropForce(staging);
                System.err.println("[dbrestore] Interrupted: dropped the " + what + " " + staging);
            } catch (RuntimeException e) {
                System.err.println("[dbrestore] Interrupted: could not drop " + staging + "; `mvn dbrestore:prune` removes it later");
            }
        }, "dbrestore-staging-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /**
     * Drops {@code staging} if a crashed run left it: the caller holds the lock of the name it
     * belongs to, so no live run can be using it.
     */
    static void dropLeftover(PgAdmin admin, String staging, Progress log) {
        if (admin.exists(staging)) {
            log.warn("Dropping " + staging + ", left behind by an interrupted run");
            admin.dropForce(staging);
        }
    }

    void disarm() {
        armed = false;
    }

    @Override
    public void close() {
        armed = false;
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the JVM is already exiting; the hook will see armed == false
        }
    }
}
