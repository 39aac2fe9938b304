package dev.dbrestore.support;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.util.Locale;

/**
 * The CPU time this JVM has used, all threads together (the restore's readers, decompression and
 * COPY framing; not the server's): how much of a small machine's CPU the client takes from the
 * server. -1 where the JVM does not tell.
 */
public final class ProcessCpu {
    private ProcessCpu() {
    }

    /** The process's CPU time in nanoseconds, or -1. */
    public static long nanos() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : -1;
    }

    /** ", the JVM used 4.1 s of CPU" since {@code start} (a value of {@link #nanos()}), or "" when unknown. */
    public static String describeSince(long start) {
        long now = nanos();
        if (start < 0 || now < 0) {
            return "";
        }
        return String.format(Locale.ROOT, ", the JVM used %.1f s of CPU", (now - start) / 1e9);
    }
}
