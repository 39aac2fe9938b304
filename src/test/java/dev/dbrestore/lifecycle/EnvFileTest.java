package dev.dbrestore.lifecycle;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class EnvFileTest {
    @TempDir
    Path dir;

    @Test
    void replacesOnlyTheVariablesLineKeepingItsExportPrefix() throws Exception {
        Path envrc = dir.resolve(".envrc");
        Files.write(envrc, List.of("# my env", "export FOO=bar", "export DATABASE_URL=postgres://old/db", "layout python"));
        new EnvFile(envrc).set("DATABASE_URL", "postgres://localhost:5432/acme_prod_20200630");
        assertThat(Files.readAllLines(envrc)).containsExactly("# my env", "export FOO=bar",
                "export DATABASE_URL=postgres://localhost:5432/acme_prod_20200630", "layout python");
    }

    @Test
    void appendsWhenMissingInTheFilesStyle() throws Exception {
        Path env = dir.resolve(".env");
        Files.write(env, List.of("SECRET_KEY=x"));
        new EnvFile(env).set("DATABASE_URL", "postgres://h/db");
        assertThat(Files.readAllLines(env)).containsExactly("SECRET_KEY=x", "DATABASE_URL=postgres://h/db");
        assertThat(new EnvFile(env).get("DATABASE_URL")).isEqualTo("postgres://h/db");

        Path envrc = dir.resolve(".envrc");
        new EnvFile(envrc).set("DATABASE_URL", "postgres://h/db");
        assertThat(Files.readAllLines(envrc)).containsExactly("export DATABASE_URL=postgres://h/db");
    }
}
