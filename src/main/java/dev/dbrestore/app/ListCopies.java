package dev.dbrestore.app;

import dev.dbrestore.config.ConfigFile;
import dev.dbrestore.config.Profile;
import dev.dbrestore.config.RunOptions;
import dev.dbrestore.db.ConnectionResolver;
import dev.dbrestore.db.ConnectionSettings;
import dev.dbrestore.db.PgAdmin;
import dev.dbrestore.lifecycle.CopyCatalog;
import dev.dbrestore.lifecycle.CopyTable;
import dev.dbrestore.support.Progress;

import java.util.List;

/**
 * The {@code list} goal: the databases dbrestore restored on the profile's server (all profiles'
 * when none is named), recognised by their provenance comment, as a table in the log and as a
 * {@link CopiesDocument} for {@code -Ddbrestore.output=json}.
 */
public final class ListCopies {
    private final ConnectionResolver connections;
    private final Progress log;

    public ListCopies(ConnectionResolver connections, Progress log) {
        this.connections = connections;
        this.log = log;
    }

    /** Logs the copies as a table and returns them, newest first, as {@code list}'s JSON document. */
    public CopiesDocument run(ConfigFile config, RunOptions options) {
        Profile selected = options.profile() == null ? null : config.profile(options.profile());
        Profile forTarget = selected != null ? selected
                : config.profiles().values().stream().findFirst()
                        .orElseGet(() -> config.profile(config.unresolvedProfiles().keySet().iterator().next()));
        List<CopiesDocument.Copy> all = new java.util.ArrayList<>();
        List<ConnectionSettings> servers = connections.resolveForListing(config.effectiveSettings(forTarget).target());
        for (ConnectionSettings server : servers) {
            if (servers.size() > 1) {
                log.info("On " + server + ":");
            }
            try (PgAdmin admin = PgAdmin.connect(server)) {
                List<CopyCatalog.Copy> copies = CopyCatalog.copies(admin, selected == null ? null : selected.name());
                if (copies.isEmpty()) {
                    log.info("No databases restored by dbrestore on " + server
                            + (selected == null ? "" : " for profile " + selected.name()));
                } else {
                    CopyTable.render(copies).forEach(log::info);
                }
                all.addAll(CopiesDocument.copies(server, copies));
            }
        }
        return new CopiesDocument(CopiesDocument.SCHEMA, servers.stream().map(Object::toString)
                .collect(java.util.stream.Collectors.joining(", ")), selected == null ? null : selected.name(), all);
    }
}
