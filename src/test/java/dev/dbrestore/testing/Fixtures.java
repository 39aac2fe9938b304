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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The shared fixture dumps and the checksums their READMEs promise. */
public final class Fixtures {
    private static final Pattern ROW = Pattern.compile("^\\| `?([^|`]+?)`?(?: \\([^)]*\\))? \\| (\\d+) \\| `([0-9a-f]{32})` \\|");

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
     * ({@code billing.invoice}, {@code public.Order Items}, {@code large objects}).
     */
    public static Map<String, String> expectedAcme() {
        Map<String, String> out = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(acme("README.md"), StandardCharsets.UTF_8)) {
                Matcher m = ROW.matcher(line);
                if (m.find()) {
                    String key = m.group(1).trim();
                    if (key.startsWith("large objects")) {
                        key = "large objects";
                    }
                    out.put(key.replace("\"", ""), m.group(2) + " " + m.group(3));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.put("seq billing.invoice_number_seq", "900001 true");
        out.put("seq public.order_ref_seq", "4242 false");
        return out;
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
