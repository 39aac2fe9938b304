package dev.dbrestore.mojo;

import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.settings.Settings;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 17 item 6: Maven without {@code -B} but with no terminal ({@code </dev/null}, a CI step that
 * forgot {@code -B}) is batch mode: {@code onExists} defaults to fail with its remedies instead of a
 * prompt that reads an empty answer. (The invoker plugin always runs Maven with {@code -B}, so this
 * is a harness test; surefire's forked JVM has no console, like such a CI step.)
 */
@MojoTest
class NoConsoleIsBatchTest {

    @Test
    @InjectMojo(goal = "restore")
    void interactiveMavenWithoutAConsoleIsBatch(RestoreMojo mojo) {
        mojo.settings = new Settings();
        mojo.settings.setInteractiveMode(true);
        assertThat(System.console()).as("the test JVM has no terminal").isNull();
        assertThat(mojo.options().interactive()).isFalse();
    }

    @Test
    @InjectMojo(goal = "restore")
    void interactiveMavenWithAConsoleAsks(RestoreMojo mojo) {
        mojo.settings = new Settings();
        mojo.settings.setInteractiveMode(true);
        mojo.console = () -> true;
        assertThat(mojo.options().interactive()).isTrue();
        mojo.settings.setInteractiveMode(false);
        assertThat(mojo.options().interactive()).as("-B").isFalse();
    }
}
