package dev.dbrestore.mojo;

import dev.dbrestore.config.RunOptions;
import dev.dbrestore.config.StarterFile;
import dev.dbrestore.support.Fault;
import dev.dbrestore.support.UserError;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a commented, minimal {@code restore-profiles.yml} that works as written: a file source
 * ({@code ~/Downloads/*.dump}, or {@code -Ddbrestore.file=PATH}) or, with
 * {@code -Ddbrestore.heroku=APP}, a Heroku Postgres source. Never overwrites an existing file.
 */
@Mojo(name = "init", requiresProject = false, threadSafe = true)
public class InitMojo extends AbstractDbRestoreMojo {

    /** The dump file or glob the written profile restores. Default: ~/Downloads/*.dump. */
    @Parameter(property = "dbrestore.file")
    protected String file;

    /** Write a Heroku Postgres profile for this app instead of a file one. */
    @Parameter(property = "dbrestore.heroku")
    protected String heroku;

    @Override
    protected String goal() {
        return "init";
    }

    @Override
    protected void run(RunOptions options) {
        CommandLineWins cli = CommandLineWins.of(session);
        String fileSource = cli.pick("dbrestore.file", file, CommandLineWins.TEXT);
        String app = cli.pick("dbrestore.heroku", heroku, CommandLineWins.TEXT);
        Path target = options.configFile();
        if (Files.exists(target)) {
            throw new UserError(target + " exists already and was left as it is (init never overwrites). "
                    + "Edit it, or delete it first to start over.");
        }
        String name = StarterFile.projectName(artifactId(), target.getParent());
        String text = app != null && !app.isBlank() ? StarterFile.forHeroku(name, app)
                : StarterFile.forFile(name, fileSource != null && !fileSource.isBlank() ? fileSource : StarterFile.DEFAULT_FILE);
        try {
            Files.createDirectories(target.getParent());
            Files.writeString(target, text);
        } catch (IOException e) {
            throw new Fault("Could not write " + target + ": " + e.getMessage(), e);
        }
        getLog().info("Wrote " + target + ". Next: mvn dbrestore:restore");
    }
}
