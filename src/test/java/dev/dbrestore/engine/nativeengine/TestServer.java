package dev.dbrestore.engine.nativeengine;

import dev.dbrestore.db.ConnectionSettings;
import dev.dbrestore.testing.TestPg;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The shared PostgreSQL test server ({@link TestPg}); every database made here has the prefix t_arch_ and is dropped afterwards. */
final class TestServer {
    static final String PREFIX = "t_arch_";

    private TestServer() {
    }

    static ConnectionSettings settings() {
        return TestPg.server();
    }

    static Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(settings().jdbcUrl(database), settings().jdbcProperties());
    }

    static String createDatabase() throws SQLException {
        String name = PREFIX + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = connect("postgres"); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name + " TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'");
        }
        return name;
    }

    static void dropDatabase(String name) {
        try (Connection c = connect("postgres"); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException e) {
            throw new IllegalStateException("could not drop " + name, e);
        }
    }

    /** Runs a PostgreSQL client tool against a database; returns exit code and stderr. */
    static ToolResult run(String database, List<String> command, Path stdin) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command));
        Map<String, String> env = builder.environment();
        env.putAll(settings().libpqEnvironment(database));
        if (stdin != null) {
            builder.redirectInput(stdin.toFile());
        }
        Process process = builder.start();
        var stdout = process.getInputStream().readAllBytes();
        var stderr = process.getErrorStream().readAllBytes();
        int code = process.waitFor();
        return new ToolResult(code, new String(stdout, StandardCharsets.UTF_8), new String(stderr, StandardCharsets.UTF_8));
    }

    record ToolResult(int exitCode, String stdout, String stderr) {
    }
}
