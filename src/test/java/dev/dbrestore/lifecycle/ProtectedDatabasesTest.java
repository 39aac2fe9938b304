package dev.dbrestore.lifecycle;

import dev.dbrestore.support.UserError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Issue 15, item 9: prune fails closed when the env file that may protect a copy cannot be read. */
class ProtectedDatabasesTest {
    @TempDir
    Path dir;

    @Test
    void theEnvFilesDatabaseIsProtected() throws Exception {
        Path env = Files.writeString(dir.resolve(".env"), "DATABASE_URL=postgres://ann@h:5432/acme%20prod_1\n");
        assertThat(ProtectedDatabases.of(Map.of(), env).reason("acme prod_1")).hasValueSatisfying(r -> r.contains(".env"));
    }

    @Test
    void aMissingEnvFileProtectsNothing() {
        assertThat(ProtectedDatabases.of(Map.of(), dir.resolve(".env")).reason("x")).isEmpty();
    }

    @Test
    void anEnvFileThatCannotBeReadFailsClosedNamingTheFile() throws Exception {
        Path folder = Files.createDirectory(dir.resolve(".envrc"));
        assertThatThrownBy(() -> ProtectedDatabases.of(Map.of(), folder))
                .isInstanceOf(UserError.class).hasMessageContaining(folder.toString()).hasMessageContaining("nothing was dropped");

        Path latin1 = Files.write(dir.resolve(".env"), new byte[]{'#', ' ', (byte) 0xE9, '\n'});
        assertThatThrownBy(() -> ProtectedDatabases.of(Map.of(), latin1))
                .isInstanceOf(UserError.class).hasMessageContaining(latin1.toString());
    }
}
