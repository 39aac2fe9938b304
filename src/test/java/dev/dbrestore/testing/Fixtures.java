package dev.dbrestore.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

/** The shared fixture dumps and the checksums their READMEs promise. */
public final class Fixtures {
    private Fixtures() {
    }

    public static Path root() {
        String env = System.getenv("DBRESTORE_FIXTURES");
        Path p = env != null ? Path.of(env) : Path.of("../shared/fixtures");
        return p.toAbsolutePath().normalize();
    }

    public static Path acme(String file) {
        return root().resolve("acme").resolve(file);
    }

    public static Path pagila(String file) {
        return root().resolve("pagila").resolve(file);
    }

    /** acme/... or pagila/... by file name prefix. */
    public static Path file(String name) {
        return name.startsWith("pagila") ? pagila(name) : acme(name);
    }

    /**
     * Row count and md5 per object from the acme README, keyed like checksums.sql's first column
     * ({@code billing.invoice}, {@code public.Order Items}, {@code large objects}), and the README's
     * two sequence values as {@code seq schema.name -> "last_value is_called"}.
     */
    public static Map<String, String> expectedAcme() {
        FixtureReadme readme = FixtureReadme.of(acme("README.md"));
        Map<String, String> out = new LinkedHashMap<>(readme.checksums());
        readme.sequences().forEach((sequence, value) -> out.put("seq " + sequence, value));
        return out;
    }

    /** The acme README's row count of one object ({@code public.auth_user}, {@code large objects}), as text like count(*) gives it. */
    public static String acmeRows(String object) {
        String rowsAndMd5 = expectedAcme().get(object);
        if (rowsAndMd5 == null) {
            throw new IllegalArgumentException("the acme README lists no " + object);
        }
        return rowsAndMd5.split(" ")[0];
    }

    /** Row count and md5 per table from the pagila README (keys as {@code format('%I.%I')} spells them). */
    public static Map<String, String> expectedPagila() {
        return FixtureReadme.of(pagila("README.md")).checksums();
    }

    /** Runs the fixture's checksums.sql in {@code database} on the test server: object -> "count md5". */
    public static Map<String, String> acmeChecksums(String database) throws SQLException {
        try (Connection c = TestPg.connect(database)) {
            return acmeChecksums(c);
        }
    }

    /** checksums.sql's row counts in {@code database}: object -> rows. */
    public static Map<String, Long> acmeRowCounts(String database) throws SQLException {
        Map<String, Long> counts = new LinkedHashMap<>();
        acmeChecksums(database).forEach((k, v) -> counts.put(k, Long.parseLong(v.split(" ")[0])));
        return counts;
    }

    /** Runs the fixture's checksums.sql against {@code c}: object -> "count md5". */
    public static Map<String, String> acmeChecksums(Connection c) throws SQLException {
        String sql;
        try {
            sql = Files.readString(acme("checksums.sql"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> out = new LinkedHashMap<>();
        try (Statement s = c.createStatement()) {
            for (String statement : sql.replaceAll("(?m)^--.*$", "").split(";")) {
                if (statement.isBlank()) {
                    continue;
                }
                if (statement.trim().toUpperCase().startsWith("SET")) {
                    s.execute(statement);
                    continue;
                }
                try (ResultSet rs = s.executeQuery(statement)) {
                    while (rs.next()) {
                        out.put(rs.getString(1), rs.getString(2) + " " + rs.getString(3));
                    }
                }
            }
        }
        return out;
    }
}
