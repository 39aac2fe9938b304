package dev.dbrestore.mojo;

import dev.dbrestore.db.ConnectionSettings;
import dev.dbrestore.testing.TestPg;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.execution.DefaultMavenExecutionRequest;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.settings.io.DefaultSettingsReader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sonatype.plexus.components.cipher.DefaultPlexusCipher;
import org.sonatype.plexus.components.sec.dispatcher.DefaultSecDispatcher;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.lenient;

/**
 * Issue 14: {@code target: {serverId: local-pg}} logs in with the username and password of a
 * settings.xml {@code <server>}, the password encrypted as {@code mvn --encrypt-master-password} and
 * {@code mvn --encrypt-password} do it (plexus-cipher: the master password encrypted with the
 * passphrase "settings.security" into settings-security.xml, the server's with the master password),
 * decrypted by the goal's injected SettingsDecrypter. The role exists only for this test and its
 * password is in no other place, so the goal can only log in through the decrypted password.
 */
@MojoTest
class TargetServerIdTest {
    static final TestPg.Databases DBS = TestPg.databases("t_serverid_");
    private static final String ROLE = DBS.newRole();
    private static final String PASSWORD = "pw-" + UUID.randomUUID();
    private static final String MASTER = "master-" + UUID.randomUUID();

    @TempDir
    Path dir;

    private final RecordingLog log = new RecordingLog();

    @BeforeAll
    static void createRole() throws Exception {
        TestPg.execute("postgres", "CREATE ROLE " + ROLE + " LOGIN CREATEDB PASSWORD '" + PASSWORD + "'");
    }

    @AfterAll
    static void dropRole() {
        DBS.dropAll();
    }

    @Test
    @InjectMojo(goal = "list")
    void listLogsInWithTheDecryptedPasswordOfTheServer(ListMojo mojo) throws Exception {
        Path security = securityFile(MASTER);
        prepare(mojo, new DefaultPlexusCipher().encryptAndDecorate(PASSWORD, MASTER));

        withSecurityFile(security, mojo::execute);

        assertThat(log.text()).contains("No databases restored by dbrestore on " + ROLE + "@", "for profile serveridonly")
                .doesNotContain(PASSWORD).doesNotContain(MASTER);
    }

    @Test
    @InjectMojo(goal = "list")
    void aPasswordEncryptedWithAnotherMasterPasswordIsAClearFailure(ListMojo mojo) throws Exception {
        Path security = securityFile("another-master-" + UUID.randomUUID());
        prepare(mojo, new DefaultPlexusCipher().encryptAndDecorate(PASSWORD, MASTER));

        assertThatThrownBy(() -> withSecurityFile(security, mojo::execute))
                .isExactlyInstanceOf(MojoFailureException.class)
                .hasMessageContaining("settings.xml server 'local-pg'")
                .hasMessageNotContaining(PASSWORD).hasMessageNotContaining(MASTER);
    }

    /** settings-security.xml as {@code mvn --encrypt-master-password} writes it. */
    private Path securityFile(String master) throws Exception {
        String encryptedMaster = new DefaultPlexusCipher().encryptAndDecorate(master,
                DefaultSecDispatcher.SYSTEM_PROPERTY_SEC_LOCATION);
        return Files.writeString(dir.resolve("settings-security.xml"),
                "<settingsSecurity>\n  <master>" + encryptedMaster + "</master>\n</settingsSecurity>\n");
    }

    /** A settings.xml read by Maven's own reader; a YAML whose target has host and port but no login. */
    private void prepare(ListMojo mojo, String encryptedPassword) throws Exception {
        Path settings = Files.writeString(dir.resolve("settings.xml"), """
                <settings>
                  <servers>
                    <server>
                      <id>local-pg</id>
                      <username>%s</username>
                      <password>%s</password>
                    </server>
                  </servers>
                </settings>
                """.formatted(ROLE, encryptedPassword));
        mojo.settings = new DefaultSettingsReader().read(settings.toFile(), Map.of());
        ConnectionSettings server = TestPg.server();
        mojo.config = Files.writeString(dir.resolve("restore-profiles.yml"), """
                version: 1
                project: serverid
                target:
                  host: %s
                  port: %d
                  serverId: local-pg
                defaultProfile: serveridonly
                profiles:
                  serveridonly:
                    source:
                      file: none.dump
                """.formatted(server.host(), server.port())).toFile();
        mojo.setLog(log);
        GoalParametersTest.commandLine(mojo, Map.of("profile", "serveridonly"));
        DefaultMavenExecutionRequest request = new DefaultMavenExecutionRequest();
        request.setBaseDirectory(dir.toFile());
        request.setInteractiveMode(false);
        lenient().when(mojo.session.getRequest()).thenReturn(request);
    }

    private interface Goal {
        void run() throws Exception;
    }

    /** Maven's -Dsettings.security=…: where the sec dispatcher reads the master password. */
    private static void withSecurityFile(Path file, Goal goal) throws Exception {
        String before = System.getProperty(DefaultSecDispatcher.SYSTEM_PROPERTY_SEC_LOCATION);
        System.setProperty(DefaultSecDispatcher.SYSTEM_PROPERTY_SEC_LOCATION, file.toString());
        try {
            goal.run();
        } finally {
            if (before == null) {
                System.clearProperty(DefaultSecDispatcher.SYSTEM_PROPERTY_SEC_LOCATION);
            } else {
                System.setProperty(DefaultSecDispatcher.SYSTEM_PROPERTY_SEC_LOCATION, before);
            }
        }
    }
}
