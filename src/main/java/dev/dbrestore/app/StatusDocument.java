package dev.dbrestore.app;

import java.util.List;

/**
 * What {@code status -Ddbrestore.output=json} prints: the embedded PostgreSQL servers of the data
 * folder. Schema {@value #SCHEMA}, documented in README "JSON output"; never a password (the
 * password's file is named instead).
 *
 * @param dataFolder the folder the servers live in
 */
public record StatusDocument(String schema, String dataFolder, List<Server> servers) {
    public static final String SCHEMA = "dbrestore/status/v1";

    /**
     * One server.
     *
     * @param major        PostgreSQL major version
     * @param binaries     the binaries' full version
     * @param url          {@code postgres://user@127.0.0.1:port/postgres}, without a password; null when stopped
     * @param passwordFile the 0600 file holding the server's generated password
     * @param sizeBytes    the data folder's size
     * @param copies       the copies dbrestore restored there (empty when stopped)
     */
    public record Server(int major, String binaries, boolean running, int port, String dataFolder, String url,
                         String passwordFile, long sizeBytes, List<CopiesDocument.Copy> copies) {
    }
}
