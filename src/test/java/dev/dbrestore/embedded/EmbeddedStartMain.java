package dev.dbrestore.embedded;

import dev.dbrestore.testing.EmbeddedPg;
import dev.dbrestore.testing.RecordingProgress;

/** A second build, in a JVM of its own: starts (or finds) the tests' embedded server of the given major and prints its port. */
public final class EmbeddedStartMain {
    private EmbeddedStartMain() {
    }

    /** @param args the major, and the wall-clock millisecond at which to start (both builds start at once) */
    public static void main(String[] args) throws InterruptedException {
        int major = Integer.parseInt(args[0]);
        Thread.sleep(Math.max(0, Long.parseLong(args[1]) - System.currentTimeMillis()));
        RecordingProgress log = new RecordingProgress();
        int port = EmbeddedPg.servers(log).connect(EmbeddedPg.spec(major), -1).port();
        System.out.println("port " + port);
        log.lines.forEach(System.out::println);
    }
}
