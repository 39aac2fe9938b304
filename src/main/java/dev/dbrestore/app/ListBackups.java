package dev.dbrestore.app;

import dev.dbrestore.config.ConfigFile;
import dev.dbrestore.config.Profile;
import dev.dbrestore.config.RunOptions;
import dev.dbrestore.config.SourceSpec;
import dev.dbrestore.source.Backup;
import dev.dbrestore.source.BackupSource;
import dev.dbrestore.source.BackupTable;
import dev.dbrestore.support.Fault;
import dev.dbrestore.support.Progress;

import java.io.IOException;
import java.util.List;
import java.util.function.Function;

/**
 * The {@code backups} goal: the backups a profile's source offers (id, time, size, status), newest
 * first, as a table in the log and as a {@link BackupsDocument} for {@code -Ddbrestore.output=json}.
 */
public final class ListBackups {
    private final Function<SourceSpec, BackupSource> sources;
    private final Progress log;

    public ListBackups(Function<SourceSpec, BackupSource> sources, Progress log) {
        this.sources = sources;
        this.log = log;
    }

    /** Logs the backups as a table and returns them as {@code backups}' JSON document. */
    public BackupsDocument run(ConfigFile config, RunOptions options) {
        Profile profile = config.profile(options.profile());
        BackupSource source = sources.apply(profile.source());
        List<Backup> backups;
        try {
            backups = source.list();
        } catch (IOException e) {
            throw new Fault("Could not list the backups of " + source.describe() + ": " + e.getMessage(), e);
        }
        log.info("Backups of profile " + profile.name() + " in " + source.describe() + ", newest first:");
        BackupTable.render(backups).forEach(log::info);
        return BackupsDocument.of(profile.name(), source.describe(), backups);
    }
}
