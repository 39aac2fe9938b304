package dev.dbrestore.app;

import dev.dbrestore.archive.DumpProbe;
import dev.dbrestore.archive.ProbedDump;
import dev.dbrestore.source.Backup;
import dev.dbrestore.source.BackupSource;
import dev.dbrestore.source.DumpInput;
import dev.dbrestore.support.Fault;

import java.io.IOException;
import java.util.Optional;

/**
 * A backup's archive header and TOC, read without downloading the dump: a local file or folder is
 * read only as far as the end of its TOC, a remote one in ranged requests of its first bytes
 * ({@link BackupSource#openHead}). A plain SQL dump has neither: its probe says so.
 */
final class DumpHead {
    private DumpHead() {
    }

    /** The probed head (without a stream to restore from), or empty when the source cannot read it on its own. */
    static Optional<ProbedDump> read(BackupSource source, Backup backup) {
        try (DumpInput input = source.openHead(backup)) {
            if (input == null) {
                return Optional.empty();
            }
            ProbedDump dump = input.directory() != null ? DumpProbe.probe(input.directory())
                    : DumpProbe.probe(input.stream(), backup.id());
            return Optional.of(new ProbedDump(dump.format(), dump.gzipped(), dump.header(), dump.toc(), null,
                    dump.directory(), dump.label()));
        } catch (IOException e) {
            throw new Fault("Could not read the head of " + backup.id() + " from " + source.describe() + ": "
                    + e.getMessage(), e);
        }
    }
}
