package dev.dbrestore.testing;

import dev.dbrestore.db.ConnectionSettings;
import dev.dbrestore.db.PgAdmin;

import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/** The real PostgreSQL server the tests use (started by .ci/run), reached with the DBRESTORE_TEST_PG* variables. */
public final class TestPg {
    private TestPg() {
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    public static ConnectionSettings server() {
        return new ConnectionSettings(env("DBRESTORE_TEST_PGHOST", "127.0.0.1"),
                Integer.parseInt(env("DBRESTORE_TEST_PGPORT", "5432")),
                env("DBRESTORE_TEST_PGUSER", "dbrestore_test"), env("DBRESTORE_TEST_PGPASSWORD", "pw-for-tests-only"), "postgres");
    }

    public static PgAdmin admin() {
        return PgAdmin.connect(server());
    }

    /** A fresh name with the given prefix, unique enough for tests that run side by side. */
    public static String uniqueName(String prefix) {
        return (prefix + Long.toString(System.nanoTime(), 36) + ThreadLocalRandom.current().nextInt(1000))
                .toLowerCase(Locale.ROOT);
    }

    /** Drops every database whose name starts with {@code prefix}, those refusing connections (template caches) too. */
    public static void dropAll(String prefix) {
        try (PgAdmin admin = admin()) {
            admin.allDatabases().stream().map(PgAdmin.DatabaseInfo::name).filter(n -> n.startsWith(prefix))
                    .forEach(admin::dropForce);
        }
    }

    public static boolean exists(String database) {
        try (PgAdmin admin = admin()) {
            return admin.exists(database);
        }
    }
}
