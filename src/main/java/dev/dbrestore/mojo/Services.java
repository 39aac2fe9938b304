package dev.dbrestore.mojo;

import dev.dbrestore.config.ConfigFile;
import dev.dbrestore.config.RunOptions;
import dev.dbrestore.db.ConnectionResolver;
import dev.dbrestore.report.RunReport;
import dev.dbrestore.app.RestoreCopy;
import dev.dbrestore.config.SourceSpec;
import dev.dbrestore.source.BackupSource;
import dev.dbrestore.app.BackupSources;
import dev.dbrestore.source.Credentials;
import dev.dbrestore.source.SourceContext;
import dev.dbrestore.source.http.RetryPolicy;
import java.util.function.Function;
import dev.dbrestore.support.Progress;
import dev.dbrestore.support.UserError;
import org.codehaus.plexus.components.interactivity.Prompter;
import org.codehaus.plexus.components.interactivity.PrompterException;

import java.io.IOException;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;

/** Wires the core's collaborators for a goal: sources, connections, sanitizer, prompter, report. */
final class Services {
    private Services() {
    }

    static ConnectionResolver connections(RunOptions options) {
        return new ConnectionResolver(options.environment(), Path.of(System.getProperty("user.home")));
    }

    static RestoreCopy.Context context(Progress progress, Prompter prompter, RunOptions options, ConfigFile config,
                                          Credentials credentials) {
        return new RestoreCopy.Context(progress, question -> confirm(prompter, question),
                sources(progress, options, config, credentials),
                connections(options), new dev.dbrestore.sanitize.Sanitizer(), ZoneId.systemDefault());
    }

    /** Turns a profile's {@code source:} into the source that lists and opens its backups. */
    static Function<SourceSpec, BackupSource> sources(Progress progress, RunOptions options, ConfigFile config,
                                                      Credentials credentials) {
        SourceContext ctx = new SourceContext(options.environment(), Path.of(System.getProperty("user.home")),
                config.file().getParent(), credentials, progress, RetryPolicy.standard());
        return spec -> BackupSources.create(spec, ctx);
    }

    private static boolean confirm(Prompter prompter, String question) {
        try {
            String answer = prompter.prompt(question, List.of("y", "n"), "n");
            return answer != null && answer.trim().equalsIgnoreCase("y");
        } catch (PrompterException e) {
            throw new UserError("Could not ask: " + question + " (" + e.getMessage() + ")");
        }
    }

    static void writeReport(RunReport report, RunOptions options, Progress progress) {
        if (options.reportDir() == null) {
            return;
        }
        try {
            Path file = report.writeTo(options.reportDir());
            progress.debug("Report written to " + file);
        } catch (IOException e) {
            progress.warn("Could not write the report to " + options.reportDir() + ": " + e.getMessage());
        }
    }
}
