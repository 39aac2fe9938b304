package dev.dbrestore.support;

import dev.dbrestore.config.TargetSpec;
import dev.dbrestore.db.ConnectionResolver;
import dev.dbrestore.engine.pgrestore.PgTools;
import dev.dbrestore.source.Backup;
import dev.dbrestore.source.DumpInput;
import dev.dbrestore.source.command.CommandSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Windows-ready where it is cheap, tested here with the platform injected (no Windows machine):
 * the command source's shell, the tools' {@code .exe} names, the separator in messages, libpq's
 * password file. The Unix side runs for real on this machine.
 */
class PlatformTest {
    @TempDir
    Path dir;

    @Test
    void osNamesMapToThePlatform() {
        assertThat(Platform.of("Windows 11")).isEqualTo(Platform.WINDOWS);
        assertThat(Platform.of("Windows Server 2022")).isEqualTo(Platform.WINDOWS);
        assertThat(Platform.of("Linux")).isEqualTo(Platform.UNIX);
        assertThat(Platform.of("Mac OS X")).isEqualTo(Platform.UNIX);
    }

    @Test
    void theCommandSourceRunsInCmdOnWindowsAndShElsewhere() throws Exception {
        assertThat(Platform.WINDOWS.shell("heroku pg:backups:download")).containsExactly("cmd", "/c", "heroku pg:backups:download");
        assertThat(Platform.UNIX.shell("cat a.dump")).containsExactly("sh", "-c", "cat a.dump");

        Files.writeString(dir.resolve("a.dump"), "dump bytes");
        CommandSource unix = new CommandSource("cat a.dump", dir, Platform.UNIX);
        try (DumpInput in = unix.open(unix.pick(null))) {
            assertThat(new String(in.stream().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("dump bytes");
            in.finish();
        }
        // this machine has no cmd: the Windows source asks for it, and for nothing else
        CommandSource windows = new CommandSource("type a.dump", dir, Platform.WINDOWS);
        Backup backup = windows.pick(null);
        assertThatThrownBy(() -> windows.open(backup)).hasMessageContaining("\"cmd\"");
    }

    @Test
    void toolsAreFoundWithExeOnWindowsOnly() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("PostgreSQL/17/bin"));
        Path exe = Files.createFile(bin.resolve("pg_restore.exe"));

        assertThat(new PgTools(bin, Platform.WINDOWS, null).find("pg_restore")).isEqualTo(exe);
        assertThat(new PgTools(null, Platform.WINDOWS, "C:\\nowhere;" + bin).find("pg_restore")).isEqualTo(exe);
        assertThatThrownBy(() -> new PgTools(bin, Platform.UNIX, null).find("pg_restore"))
                .isInstanceOf(UserError.class).hasMessageContaining("pg_restore not found in pgBin");

        Path unixTool = Files.createFile(bin.resolve("psql"));
        unixTool.toFile().setExecutable(true);
        assertThat(new PgTools(null, Platform.UNIX, "/nowhere:" + bin).find("psql")).isEqualTo(unixTool);
    }

    @Test
    void messagesShowPathsWithThePlatformSeparator() {
        assertThatThrownBy(() -> new PgTools(null, Platform.WINDOWS, "").find("pg_dump"))
                .hasMessageContaining("-Ddbrestore.pgBin=C:\\Program Files\\PostgreSQL\\17\\bin");
        assertThatThrownBy(() -> new PgTools(null, Platform.UNIX, "").find("pg_dump"))
                .hasMessageContaining("-Ddbrestore.pgBin=/usr/lib/postgresql/17/bin");
        assertThatThrownBy(() -> new PgTools(Path.of("C:/tools/pg/bin"), Platform.WINDOWS, null).find("pg_dump"))
                .hasMessageContaining("not found in pgBin C:\\tools\\pg\\bin.");
        assertThat(Platform.WINDOWS.show("C:\\proj/dumps/*.dump")).isEqualTo("C:\\proj\\dumps\\*.dump");
        assertThat(Platform.UNIX.show("/proj/dumps/*.dump")).isEqualTo("/proj/dumps/*.dump");
    }

    @Test
    void libpqsPasswordFileIsInAppDataOnWindows() throws Exception {
        Path appData = Files.createDirectories(dir.resolve("AppData/Roaming/postgresql"));
        Files.writeString(appData.resolve("pgpass.conf"), "db.local:5432:*:app:from-appdata\n");
        Files.writeString(dir.resolve(".pgpass"), "db.local:5432:*:app:from-home\n");
        TargetSpec target = new TargetSpec(null, "db.local", 5432, "app", null, null);

        assertThat(new ConnectionResolver(Map.of("APPDATA", dir.resolve("AppData/Roaming").toString()), dir)
                .withPlatform(Platform.WINDOWS).resolve(target).password()).isEqualTo("from-appdata");
        assertThat(new ConnectionResolver(Map.of(), dir).withPlatform(Platform.WINDOWS).resolve(target).password())
                .as("APPDATA unset: the default roaming folder under the home").isEqualTo("from-appdata");
        assertThat(new ConnectionResolver(Map.of(), dir).withPlatform(Platform.UNIX).resolve(target).password()).isEqualTo("from-home");
        assertThat(List.of(Platform.WINDOWS.pgpassFile(dir, null))).containsExactly(appData.resolve("pgpass.conf"));
    }
}
