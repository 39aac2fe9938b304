package dev.dbrestore.engine.nativeengine;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Databases and roles one test class creates, dropped at the end. */
final class Scratch implements AutoCloseable {
    private final List<String> databases = new ArrayList<>();
    private final List<String> roles = new ArrayList<>();

    String database() throws Exception {
        String name = TestServer.createDatabase();
        databases.add(name);
        return name;
    }

    String roleName() {
        String name = TestServer.PREFIX + "role_" + Long.toHexString(System.nanoTime());
        roles.add(name);
        return name;
    }

    /** Runs a query and returns the first column of the first row as text (null if no row). */
    static String queryOne(String database, String sql) throws Exception {
        try (Connection c = TestServer.connect(database); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            return r.next() ? r.getString(1) : null;
        }
    }

    static void execute(String database, String sql) throws Exception {
        try (Connection c = TestServer.connect(database); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    @Override
    public void close() throws Exception {
        databases.forEach(TestServer::dropDatabase);
        for (String role : roles) {
            execute("postgres", "DROP ROLE IF EXISTS \"" + role + "\"");
        }
    }
}
