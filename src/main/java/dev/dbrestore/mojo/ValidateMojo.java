package dev.dbrestore.mojo;

import dev.dbrestore.app.ValidateResult;
import dev.dbrestore.config.ConfigFile;
import dev.dbrestore.config.RunOptions;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;


/**
 * A PII gate for every build (binds to {@code verify} by default): checks the profile's YAML,
 * sanitize files, mask rules, safeColumns and verify queries against a schema — the newest
 * backup's table of contents (read without downloading the dump), or the database given with
 * {@code schemaFrom} — and fails with one line per finding, e.g. a column that
 * {@code piiCheck: strict} would leave unmasked.
 */
@Mojo(name = "validate", defaultPhase = LifecyclePhase.VERIFY, requiresProject = false, threadSafe = true)
public class ValidateMojo extends AbstractResultMojo {
    /**
     * A database to check the rules against instead of the newest backup's TOC:
     * {@code postgres://user:password@host:5432/db} or {@code jdbc:postgresql://host:5432/db} (user and
     * password from the URL, else {@code PGUSER}, {@code PGPASSWORD}, {@code ~/.pgpass}), e.g. the
     * integration-test database right after {@code flyway:migrate}.
     */
    @Parameter(property = "dbrestore.schemaFrom")
    protected String schemaFrom;

    @Override
    protected String goal() {
        return "validate";
    }

    @Override
    protected void run(RunOptions options) {
        withReport(options, report -> {
            ConfigFile config = loadConfig(options);
            ValidateResult result = useCases(options).validate(config).run(config, options, schemaFrom());
            report.result = result.document();
            writeResult(result.document()); // also when it fails: the findings are the document
            result.requirePassed();
        });
    }

    /** {@code -Ddbrestore.schemaFrom}, else the pom's {@code <schemaFrom>}, else null (the newest backup's TOC). */
    String schemaFrom() {
        return CommandLineWins.of(session).pick("dbrestore.schemaFrom", schemaFrom, CommandLineWins.TEXT);
    }
}
