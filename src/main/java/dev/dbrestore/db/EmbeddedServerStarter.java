package dev.dbrestore.db;

import dev.dbrestore.config.EmbeddedSpec;

/**
 * Starts (or finds running) the embedded PostgreSQL server a {@code target: embedded} names and says
 * how to reach it. Implemented by {@code dev.dbrestore.embedded}; {@link ConnectionResolver} only asks.
 */
public interface EmbeddedServerStarter {
    /**
     * @param dumpMajor the major version of the server that made the dump being restored, or -1 when
     *                  no dump is involved (list, prune, sanitize)
     */
    ConnectionSettings connect(EmbeddedSpec spec, int dumpMajor);

    /**
     * For {@code list} without {@code embedded.version}: every running embedded server under the spec's
     * data folder; when none runs, the one {@link #connect} starts.
     */
    default java.util.List<ConnectionSettings> connectRunning(EmbeddedSpec spec) {
        return java.util.List.of(connect(spec, -1));
    }

    /** Where no embedded server can be started (a use case run outside Maven without binaries). */
    EmbeddedServerStarter NONE = (spec, dumpMajor) -> {
        throw new dev.dbrestore.support.UserError("target: embedded needs the PostgreSQL binaries that the Maven "
                + "plugin resolves; run it through mvn dbrestore:…");
    };
}
