package dev.dbrestore.mojo;

import dev.dbrestore.report.ResultOutput;
import org.apache.maven.plugins.annotations.Parameter;

import java.io.File;

/**
 * The goals whose result is a document (list, backups; validate and status plug in the same way):
 * a table in the log by default, or with {@code -Ddbrestore.output=json} one JSON document on
 * standard output that {@code mvn -q} leaves alone for {@code jq}, or in {@code -Ddbrestore.outputFile}.
 * A goal does its work in {@link #withResult} (or, to write its document and then fail, calls
 * {@link #writeResult(Object)} itself): it logs its table through the progress and returns its document,
 * which goes to the output asked for and into report.json's {@code result}. The goals that also read a
 * server ({@code list}, {@code status}) are {@link AbstractServerResultMojo}s with the same two parameters.
 */
public abstract class AbstractResultMojo extends AbstractDbRestoreMojo {

    /**
     * text (the table, in the log) or json: one JSON document on standard output (use {@code mvn -q}
     * so that it is the only thing there), schema {@code dbrestore/<goal>/v1} (README "JSON output").
     * Default: text, or json when outputFile is given.
     */
    @Parameter(property = "dbrestore.output")
    protected String output;

    /** Write the JSON document to this file instead of standard output (implies output=json; the table stays in the log). */
    @Parameter(property = "dbrestore.outputFile")
    protected File outputFile;

    @Override
    ResultOutput resultOutput() {
        return resultOutput(output, outputFile);
    }
}
