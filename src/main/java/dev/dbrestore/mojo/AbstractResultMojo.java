package dev.dbrestore.mojo;

import dev.dbrestore.config.RunOptions;
import dev.dbrestore.report.ResultOutput;
import dev.dbrestore.report.RunReport;
import org.apache.maven.plugins.annotations.Parameter;

import java.io.File;

/**
 * The goals whose result is a document (list, backups; validate and status plug in the same way):
 * a table in the log by default, or with {@code -Ddbrestore.output=json} one JSON document on
 * standard output that {@code mvn -q} leaves alone for {@code jq}, or in {@code -Ddbrestore.outputFile}.
 * A goal does its work in {@link #withResult} (or, to write its document and then fail, calls
 * {@link #writeResult(Object)} itself): it logs its table through the progress and returns its document,
 * which goes to the output asked for and into report.json's {@code result}. It is a server goal
 * ({@code -Ddbrestore.target}) because {@code list} and {@code status} read a server; {@code backups}
 * and {@code validate} ignore the target.
 */
public abstract class AbstractResultMojo extends AbstractServerMojo {

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

    /** Where this goal's document goes, the command line having the last word. */
    ResultOutput resultOutput() {
        CommandLineWins cli = CommandLineWins.of(session);
        File file = cli.pick("dbrestore.outputFile", outputFile, CommandLineWins.FILE);
        String format = cli.pick("dbrestore.output", output, CommandLineWins.TEXT);
        return ResultOutput.of(format, file == null ? null : file.toPath().toAbsolutePath(), System.out);
    }

    /**
     * With the JSON document on standard output, the table goes to Maven's info log (hidden by
     * {@code -q}); otherwise {@code mvn -q} still prints the table, to standard output.
     */
    @Override
    protected boolean printsItsResult() {
        return !resultOutput().documentOnStandardOutput();
    }

    /**
     * Runs the goal with a report.json whose {@code result} is the goal's document, and writes that
     * document where {@code output}/{@code outputFile} say.
     */
    protected void withResult(RunOptions options, java.util.function.Function<RunReport, Object> work) {
        withReport(options, report -> {
            Object document = work.apply(report);
            report.result = document;
            writeResult(document);
        });
    }

    /** Writes the goal's document where {@code output}/{@code outputFile} say; with text, nothing. */
    protected void writeResult(Object document) {
        java.nio.file.Path file = resultOutput().write(document);
        if (file != null) {
            getLog().info("JSON document written to " + file);
        }
    }
}
