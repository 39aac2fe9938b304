package dev.dbrestore.engine.nativeengine;

import java.lang.management.ManagementFactory;

/**
 * Settings that make a restore cheaper for the server, on every connection of the native engine
 * (README, "Performance"). A staging database that a crash leaves half-written is dropped anyway,
 * so no durability is lost that the restore could use.
 * <ul>
 *   <li>{@code synchronous_commit = off}: each TOC entry is its own transaction; none waits for its WAL flush.</li>
 *   <li>{@code maintenance_work_mem}: index builds sort in memory — a share of the machine's memory
 *       per connection (an eighth divided by the jobs, at most 1 GB), never less than the server's own setting.</li>
 *   <li>{@code max_parallel_maintenance_workers}: the cores left per connection, so {@code jobs} index builds
 *       do not start more processes than there are cores.</li>
 * </ul>
 * {@code -Ddbrestore.sessionTuning=false} leaves the server's settings alone (for benchmarks).
 */
final class SessionTuning {
    private static final long MB = 1024L * 1024L;

    private SessionTuning() {
    }

    static void applyTo(TargetSession session, int jobs) {
        if ("false".equals(System.getProperty("dbrestore.sessionTuning"))) {
            return;
        }
        String where = "the session preamble"; // an older server without one of them: a debug line only
        session.setting("SET synchronous_commit = off", where);
        long memoryMb = maintenanceMemoryMb(jobs);
        if (memoryMb > session.settingMb("maintenance_work_mem")) {
            session.setting("SET maintenance_work_mem = '" + memoryMb + "MB'", where);
        }
        int cores = Runtime.getRuntime().availableProcessors();
        session.setting("SET max_parallel_maintenance_workers = " + Math.max(0, cores / Math.max(1, jobs) - 1), where);
    }

    /** An eighth of the machine's memory over the jobs, between 64 MB and 1 GB. */
    static long maintenanceMemoryMb(int jobs) {
        long total = physicalMemory();
        long share = total <= 0 ? 64 : total / MB / 8 / Math.max(1, jobs);
        return Math.max(64, Math.min(1024, share));
    }

    private static long physicalMemory() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize();
        }
        return -1;
    }
}
