package dev.dbrestore.engine.nativeengine;

import dev.dbrestore.archive.DumpProbe;
import dev.dbrestore.archive.ProbedDump;
import dev.dbrestore.engine.RestoreRequest;
import dev.dbrestore.support.RestoreMeter;
import dev.dbrestore.testing.RecordingProgress;
import dev.dbrestore.testing.TestPg;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;

/** Runs the native engine on a fixture into a database. */
final class NativeRestoreSupport {
    private NativeRestoreSupport() {
    }

    static RecordingProgress restore(Path dumpPath, String database) throws Exception {
        return restore(DumpProbe.probe(dumpPath), database, List.of(), true, false);
    }

    static RecordingProgress restore(ProbedDump dump, String database, List<String> excludeTableData,
                                     boolean createMissingRoles, boolean lenient) throws Exception {
        return restore(dump, database, excludeTableData, createMissingRoles, lenient, 1);
    }

    static RecordingProgress restore(ProbedDump dump, String database, List<String> excludeTableData,
                                     boolean createMissingRoles, boolean lenient, int jobs) throws Exception {
        return restore(dump, database, excludeTableData, createMissingRoles, lenient, jobs, RestoreMeter.unwatched());
    }

    static RecordingProgress restore(ProbedDump dump, String database, List<String> excludeTableData,
                                     boolean createMissingRoles, boolean lenient, int jobs, RestoreMeter meter)
            throws Exception {
        RecordingProgress progress = new RecordingProgress();
        RestoreRequest request = new RestoreRequest(dump, TestPg.server(), database, excludeTableData,
                createMissingRoles, null, jobs, lenient).withMeter(meter);
        try (InputStream ignored = dump.stream()) {
            new NativeRestoreEngine().restore(request, progress);
        }
        return progress;
    }
}
