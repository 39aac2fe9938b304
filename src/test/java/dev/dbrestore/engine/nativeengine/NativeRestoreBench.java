package dev.dbrestore.engine.nativeengine;

import dev.dbrestore.archive.DumpProbe;
import dev.dbrestore.archive.ProbedDump;
import dev.dbrestore.db.ConnectionSettings;
import dev.dbrestore.engine.RestoreRequest;
import dev.dbrestore.support.Progress;

import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.util.List;

/**
 * Command-line entry for bench/native-vs-pg_restore.sh: restores one dump with the native engine
 * into an existing database and prints the wall time and the peak heap.
 * Usage: NativeRestoreBench DUMP DATABASE [JOBS] (connection from PGHOST, PGPORT, PGUSER, PGPASSWORD).
 */
public final class NativeRestoreBench {
    private NativeRestoreBench() {
    }

    public static void main(String[] args) throws Exception {
        Path dumpPath = Path.of(args[0]);
        String database = args[1];
        int jobs = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        ConnectionSettings server = new ConnectionSettings(env("PGHOST", "127.0.0.1"),
                Integer.parseInt(env("PGPORT", "5432")), env("PGUSER", "postgres"), System.getenv("PGPASSWORD"), "postgres");
        Progress progress = new Progress() {
            @Override public void info(String message) { System.err.println("[info] " + message); }
            @Override public void warn(String message) { System.err.println("[warn] " + message); }
            @Override public void debug(String message) { }
        };
        long start = System.nanoTime();
        ProbedDump dump = DumpProbe.probe(dumpPath);
        try (InputStream ignored = dump.stream()) {
            new NativeRestoreEngine().restore(new RestoreRequest(dump, server, database, List.of(), true, null, jobs, false),
                    progress);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long peakHeap = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peakHeap += pool.getPeakUsage().getUsed();
            }
        }
        System.out.printf("native%s %.2f s, peak heap %d MB (max %d MB)%n", jobs > 1 ? " (" + jobs + " connections)" : "", seconds, peakHeap >> 20,
                Runtime.getRuntime().maxMemory() >> 20);
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isEmpty() ? fallback : value;
    }
}
