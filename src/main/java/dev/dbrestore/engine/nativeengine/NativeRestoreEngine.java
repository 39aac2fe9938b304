package dev.dbrestore.engine.nativeengine;

import dev.dbrestore.archive.ProbedDump;
import dev.dbrestore.archive.TableNames;
import dev.dbrestore.engine.RestoreEngine;
import dev.dbrestore.engine.RestoreRequest;
import dev.dbrestore.support.Progress;

/**
 * The {@code native} engine: reads the dump in Java as one forward-only stream (or, with several
 * jobs and a local file, at random, several tables at once) and applies it over JDBC with the
 * semantics of {@code pg_restore --no-owner --no-privileges}. Needs no
 * PostgreSQL client tools and reads archives of pg_dump 9.6 to 18 whatever the local tools are.
 */
public final class NativeRestoreEngine implements RestoreEngine {

    @Override
    public String name() {
        return "native";
    }

    @Override
    public void restore(RestoreRequest request, Progress progress) {
        ProbedDump dump = request.dump();
        TableNames excluded = new TableNames(request.excludeTableData());
        try (TargetSession session = TargetSession.open(request, progress)) {
            switch (dump.format()) {
                case PLAIN -> new ScriptRestore(dump.stream(), dump.label(), session, progress, excluded,
                        request.createMissingRoles(), request.keepSubscriptions()).run();
                case CUSTOM, TAR, DIRECTORY -> {
                    try (ArchiveData data = dataOf(dump, request.jobs(), progress)) {
                        new ArchiveRestore(dump.toc(), dump.header(), data, session, progress, request.meter(), excluded,
                                request.createMissingRoles(), request.jobs(), request.keepSubscriptions()).run();
                    }
                }
            }
            session.finish();
        }
    }

    /** With several jobs and a local file, the data is read at random, several tables at once; else as one stream. */
    private static ArchiveData dataOf(ProbedDump dump, int jobs, Progress progress) {
        boolean atRandom = jobs > 1 && dump.file() != null;
        return switch (dump.format()) {
            case CUSTOM -> atRandom && CustomFileData.canRead(dump.toc())
                    ? new CustomFileData(dump.file(), dump.header(), dump.toc(), dump.label())
                    : new CustomArchiveData(dump, progress);
            case TAR -> atRandom ? new TarFileData(dump.file(), dump.label(), new TarArchiveData(dump))
                    : new TarArchiveData(dump);
            case DIRECTORY -> new DirectoryArchiveData(dump.directory());
            case PLAIN -> throw new IllegalArgumentException("a plain script has no archive data");
        };
    }
}
