package dev.dbrestore.app;

import dev.dbrestore.config.ConfigFile;
import dev.dbrestore.config.EmbeddedSpec;
import dev.dbrestore.config.Profile;
import dev.dbrestore.config.RunOptions;
import dev.dbrestore.config.TargetSpec;
import dev.dbrestore.db.ConnectionResolver;
import dev.dbrestore.db.PgAdmin;
import dev.dbrestore.embedded.EmbeddedServers;
import dev.dbrestore.lifecycle.CopyCatalog;
import dev.dbrestore.lifecycle.CopyTable;
import dev.dbrestore.support.Bytes;
import dev.dbrestore.support.Progress;

import java.util.List;

/**
 * {@code dbrestore:status} and {@code dbrestore:stop}: the embedded PostgreSQL servers under the data
 * folder the configuration names (or the default one): their version, port, data folder, size and the
 * copies in them; stopping them.
 */
public final class EmbeddedStatus {
    private final EmbeddedServers servers;
    private final ConnectionResolver connections;
    private final Progress log;

    public EmbeddedStatus(EmbeddedServers servers, ConnectionResolver connections, Progress log) {
        this.servers = servers;
        this.connections = connections;
        this.log = log;
    }

    /** Logs each server and the copies in the running ones; returns what it found. */
    public StatusDocument show(ConfigFile config, RunOptions options) {
        EmbeddedSpec spec = spec(config, options);
        List<EmbeddedServers.Status> all = servers.status(spec);
        List<StatusDocument.Server> documented = new java.util.ArrayList<>();
        if (all.isEmpty()) {
            log.info("No embedded PostgreSQL server in " + servers.dataDir(spec)
                    + " (dbrestore:restore with target: embedded starts one)");
        }
        for (EmbeddedServers.Status s : all) {
            log.info("PostgreSQL " + s.major() + " (binaries " + s.binaries() + "): "
                    + (s.running() ? "running on 127.0.0.1:" + s.port() : "stopped (port " + s.port() + ")")
                    + ", data " + s.dataFolder() + ", " + Bytes.format(s.sizeBytes()));
            List<CopiesDocument.Copy> listed = List.of();
            String password = s.dataFolder().resolveSibling("password").toString();
            if (s.running()) {
                log.info("  connect: " + s.connection().url("postgres") + " (password in " + password + ")");
                try (PgAdmin admin = PgAdmin.connect(s.connection())) {
                    List<CopyCatalog.Copy> copies = CopyCatalog.copies(admin, null);
                    listed = CopiesDocument.copies(s.connection(), copies);
                    if (copies.isEmpty()) {
                        log.info("  no copies restored by dbrestore");
                    } else {
                        CopyTable.render(copies).forEach(line -> log.info("  " + line));
                    }
                }
            }
            documented.add(new StatusDocument.Server(s.major(), s.binaries(), s.running(), s.port(),
                    s.dataFolder().toString(), s.running() ? s.connection().url("postgres") : null, password,
                    s.sizeBytes(), listed));
        }
        return new StatusDocument(StatusDocument.SCHEMA, servers.dataDir(spec).toString(), documented);
    }

    /** Stops the servers; returns the majors that were running. */
    public List<Integer> stop(ConfigFile config, RunOptions options) {
        EmbeddedSpec spec = spec(config, options);
        List<Integer> stopped = servers.stop(spec);
        if (stopped.isEmpty()) {
            log.info("No embedded PostgreSQL server is running in " + servers.dataDir(spec));
        }
        return stopped;
    }

    /** The {@code embedded:} settings of the chosen (or first) profile's target; defaults without a configuration. */
    private EmbeddedSpec spec(ConfigFile config, RunOptions options) {
        if (config == null) {
            return EmbeddedSpec.defaults();
        }
        Profile profile = options.profile() != null ? config.profile(options.profile())
                : config.profiles().values().stream().findFirst().orElse(null);
        TargetSpec target = connections.effective(profile == null ? null : config.effectiveSettings(profile).target());
        return target.embedded() != null ? target.embedded() : EmbeddedSpec.defaults();
    }
}
