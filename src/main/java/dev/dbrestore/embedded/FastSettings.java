package dev.dbrestore.embedded;

/**
 * The settings appended to the embedded cluster's {@code postgresql.conf}: reachable from this
 * machine only, and tuned for a copy that can always be restored again rather than for durability
 * (a machine crash can damage the copy: restore it again). README, "Embedded PostgreSQL".
 */
final class FastSettings {
    static final String CONF = """

            # --- dbrestore: an embedded server for restored copies (see dbrestore's README) ---
            listen_addresses = '127.0.0.1'
            unix_socket_directories = ''
            # COPY into a table created or truncated in the same transaction skips WAL
            wal_level = minimal
            max_wal_senders = 0
            # a crash of the machine can damage the copy: restore it again
            fsync = off
            synchronous_commit = off
            full_page_writes = off
            maintenance_work_mem = '512MB'
            """;

    private FastSettings() {
    }
}
