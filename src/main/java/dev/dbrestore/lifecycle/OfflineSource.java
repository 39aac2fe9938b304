package dev.dbrestore.lifecycle;

import dev.dbrestore.source.Backup;
import dev.dbrestore.source.BackupSource;
import dev.dbrestore.source.DumpInput;
import dev.dbrestore.support.Progress;
import dev.dbrestore.support.UserError;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A network source (url, s3, heroku) while Maven runs offline ({@code mvn -o}): it is never
 * contacted. Its backups are what the download cache holds of it: {@code -Ddbrestore.backup=ID}
 * if the cache holds that one, else the newest one cached (the log says the source was not asked);
 * anything else fails at once with a message naming the offline flag. Reading the cached dump is
 * {@link CachingSource}'s work, in front of this one.
 */
public final class OfflineSource implements BackupSource {
    /** How the messages name Maven's offline mode. */
    public static final String FLAG = "Maven runs offline (-o, --offline, or <offline>true</offline> in settings.xml)";

    private final BackupSource source;
    private final DownloadCache cache;
    private final Progress log;

    /** @param cache the download cache to take backups from; null when -Ddbrestore.cache=false bypasses it */
    public OfflineSource(BackupSource source, DownloadCache cache, Progress log) {
        this.source = source;
        this.cache = cache;
        this.log = log;
    }

    /** The download cache this source reads from, or null. */
    public DownloadCache cache() {
        return cache;
    }

    @Override
    public String describe() {
        return source.describe();
    }

    @Override
    public String app() {
        return source.app();
    }

    /** Listing asks the source: offline, that fails at once. */
    @Override
    public List<Backup> list() {
        throw new UserError(FLAG + ": " + describe() + " is not contacted, so its backups cannot be listed."
                + " Run without -o to list them.");
    }

    @Override
    public Backup pick(String requestedId) {
        List<Backup> cached = cached();
        boolean named = requestedId != null && !requestedId.isBlank();
        Optional<Backup> found = named
                ? cached.stream().filter(b -> b.id().equals(requestedId)).findFirst()
                : cached.stream().findFirst();
        if (found.isEmpty()) {
            throw new UserError(FLAG + ": " + describe() + " is not contacted, and "
                    + (cache == null ? "the download cache is bypassed (-Ddbrestore.cache=false)"
                    : "the download cache (" + cache.dir() + ") holds " + (named ? "no copy of backup '" + requestedId + "'"
                    : "no backup of it")) + ". Run once without -o to download it (with cache: [download] in the"
                    + " profile it is kept for offline runs).");
        }
        if (!named) {
            log.warn(FLAG + ": " + describe() + " was not asked for its newest backup; restoring the newest one in"
                    + " the download cache, " + found.get().id() + " taken " + found.get().createdAt() + ".");
        }
        return found.get();
    }

    /** Only reached when the cache in front does not hold the backup (it was trimmed meanwhile). */
    @Override
    public DumpInput open(Backup backup) {
        throw new UserError(FLAG + ": " + describe() + " is not contacted, and the download cache holds no copy of"
                + " backup '" + backup.id() + "'. Run once without -o to download it.");
    }

    /** The backups of this source the cache holds, newest first. */
    private List<Backup> cached() {
        if (cache == null) {
            return List.of();
        }
        return cache.entries().stream()
                .filter(e -> e.meta().source().equals(describe()))
                .map(e -> new Backup(e.meta().backupId(), instant(e.meta().backupTime()), e.meta().size(), "available",
                        e.dump().toString()))
                .sorted(Comparator.comparing(Backup::createdAt, Comparator.nullsFirst(Comparator.naturalOrder())).reversed())
                .toList();
    }

    private static Instant instant(String text) {
        return text == null || text.equals("null") ? null : Instant.parse(text);
    }
}
