package dev.dbrestore.report;

import dev.dbrestore.support.UserError;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Where a goal whose result is a document (list, backups, validate, status) puts it
 * ({@code -Ddbrestore.output}, {@code -Ddbrestore.outputFile}; README "JSON output"):
 * <ul>
 *   <li>{@code text} (the default): the goal's table in the log, nothing else;</li>
 *   <li>{@code json}: one JSON document on standard output, written there directly and alone (the
 *       table goes to Maven's info log instead, which {@code mvn -q} hides), so that
 *       {@code mvn -q … | jq} reads exactly the document;</li>
 *   <li>an output file: the same document in that file (written atomically), the table stays in the
 *       log; an output file implies {@code json}.</li>
 * </ul>
 * Each document starts with its {@code "schema"} ({@code dbrestore/<goal>/v<N>}): fields are only
 * added within a version; a removed or changed field makes a new version.
 */
public final class ResultOutput {
    /** How the result is shown. */
    public enum Format { TEXT, JSON }

    private final Format format;
    private final Path file;
    private final PrintStream stdout;

    private ResultOutput(Format format, Path file, PrintStream stdout) {
        this.format = format;
        this.file = file;
        this.stdout = stdout;
    }

    /**
     * @param format {@code text} or {@code json} (any case), null for the default; anything else is a
     *               user error naming {@code -Ddbrestore.output}
     * @param file   where the JSON document goes instead of standard output; null: standard output
     * @param stdout standard output ({@code System.out}; tests give their own)
     */
    public static ResultOutput of(String format, Path file, PrintStream stdout) {
        Format parsed = parse(format);
        if (file != null) {
            if (format != null && parsed == Format.TEXT) {
                throw new UserError("-Ddbrestore.outputFile writes the JSON document, but -Ddbrestore.output=" + format
                        + " asks for text: drop one of the two (output=json, or no outputFile).");
            }
            parsed = Format.JSON;
        }
        return new ResultOutput(parsed, file, stdout);
    }

    private static Format parse(String format) {
        if (format == null || format.isBlank()) {
            return Format.TEXT;
        }
        return switch (format.trim().toLowerCase(Locale.ROOT)) {
            case "text" -> Format.TEXT;
            case "json" -> Format.JSON;
            default -> throw new UserError("-Ddbrestore.output must be text or json, got '" + format + "'");
        };
    }

    public Format format() {
        return format;
    }

    /**
     * The JSON document goes to standard output: nothing else of the goal may go there (the table
     * goes to the info log, which {@code mvn -q} hides).
     */
    public boolean documentOnStandardOutput() {
        return format == Format.JSON && file == null;
    }

    /**
     * Writes the goal's document where it was asked for; with {@code text}, nothing (the goal has
     * logged its table).
     *
     * @return where it went: the file, or null for standard output and for text
     */
    public Path write(Object document) {
        if (format == Format.TEXT) {
            return null;
        }
        if (file == null) {
            stdout.print(JsonFile.text(document));
            stdout.flush();
            return null;
        }
        try {
            return JsonFile.write(file, document);
        } catch (IOException e) {
            throw new UserError("Could not write the JSON document to -Ddbrestore.outputFile=" + file + ": " + e.getMessage(), e);
        }
    }
}
