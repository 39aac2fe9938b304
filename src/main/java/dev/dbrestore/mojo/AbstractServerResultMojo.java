package dev.dbrestore.mojo;

import dev.dbrestore.report.ResultOutput;
import org.apache.maven.plugins.annotations.Parameter;

import java.io.File;

/**
 * The goals that read a server ({@code -Ddbrestore.target}) and whose result is a document: {@code list}
 * and {@code status}. Their document goes where {@code output}/{@code outputFile} say, as for
 * {@link AbstractResultMojo}'s goals, which read no server.
 */
public abstract class AbstractServerResultMojo extends AbstractServerMojo {

    /**
     * text (the table, in the log) or json: one JSON document on standard output (use {@code mvn -q}
     * so that it is the only thing there), schema {@code dbrestore/<goal>/v1} (README "JSON output").
     */
    @Parameter(property = "dbrestore.output")
    protected String output;

    /** Write the JSON document to this file instead of standard output (implies output=json). */
    @Parameter(property = "dbrestore.outputFile")
    protected File outputFile;

    @Override
    ResultOutput resultOutput() {
        return resultOutput(output, outputFile);
    }
}
