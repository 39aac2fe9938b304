package dev.dbrestore.mojo;

import dev.dbrestore.config.RunOptions;
import dev.dbrestore.report.ResultOutput;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

import java.io.File;

/**
 * Shows the embedded PostgreSQL servers ({@code target: embedded}): version, port, whether they run,
 * data folder, size, and the copies in each running one.
 */
@Mojo(name = "status", requiresProject = false, threadSafe = true)
public class StatusMojo extends AbstractServerMojo {

    /** As for every goal with a document: text (the table) or json (schema {@code dbrestore/status/v1}; README "JSON output"). */
    @Parameter(property = "dbrestore.output")
    protected String output;

    /** Write the JSON document to this file instead of standard output (implies output=json). */
    @Parameter(property = "dbrestore.outputFile")
    protected File outputFile;

    @Override
    ResultOutput resultOutput() {
        return resultOutput(output, outputFile);
    }

    @Override
    protected String goal() {
        return "status";
    }

    @Override
    protected void run(RunOptions options) {
        withResult(options, report -> useCases(options).embeddedStatus().show(configIfPresent(options), options));
    }
}
