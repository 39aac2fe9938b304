package dev.dbrestore.mojo;

import dev.dbrestore.config.RunOptions;
import dev.dbrestore.report.ResultOutput;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

import java.io.File;


/**
 * Lists the databases this plugin restored (recognised by their provenance comment): name,
 * profile, source, backup date, restore time, size and whether they were sanitized; with
 * {@code -Ddbrestore.output=json} as a JSON document (schema {@code dbrestore/list/v1}).
 */
@Mojo(name = "list", requiresProject = false, threadSafe = true)
public class ListMojo extends AbstractServerMojo {

    /** As for every goal with a document: text (the table) or json (schema {@code dbrestore/list/v1}; README "JSON output"). */
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
        return "list";
    }

    @Override
    protected void run(RunOptions options) {
        withResult(options, report -> useCases(options).list().run(loadConfig(options), options));
    }
}
