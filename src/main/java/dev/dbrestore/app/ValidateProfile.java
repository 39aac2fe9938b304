package dev.dbrestore.app;

import dev.dbrestore.archive.ProbedDump;
import dev.dbrestore.config.ConfigFile;
import dev.dbrestore.config.Profile;
import dev.dbrestore.config.RunOptions;
import dev.dbrestore.config.SourceSpec;
import dev.dbrestore.config.TargetSpec;
import dev.dbrestore.db.ConnectionResolver;
import dev.dbrestore.db.ConnectionSettings;
import dev.dbrestore.sanitize.RuleCheck;
import dev.dbrestore.sanitize.RuleFinding;
import dev.dbrestore.source.Backup;
import dev.dbrestore.source.BackupSource;
import dev.dbrestore.support.Progress;
import dev.dbrestore.support.UserError;

import java.util.List;
import java.util.function.Function;

/**
 * The {@code validate} goal, a PII gate for every build: the YAML was loaded strictly already;
 * here the profile's sanitize files, mask rules, safeColumns and verify queries are checked
 * against a schema, without restoring anything. The schema is the newest backup's TOC, read
 * without downloading the dump, or a database given with {@code schemaFrom} (say the
 * integration-test database right after a migration). A column {@code piiCheck: strict} would
 * leave unmasked, a rule naming a column that no longer exists, a verify query that does not
 * parse: each is one finding, and any finding fails the build.
 */
public final class ValidateProfile {

    /** What validation needs from its surroundings. */
    public record Context(Progress progress, Function<SourceSpec, BackupSource> sources, ConnectionResolver connections) {
    }

    private final Context ctx;
    private final Progress log;

    public ValidateProfile(Context ctx) {
        this.ctx = ctx;
        this.log = ctx.progress();
    }

    /** @param schemaFrom a {@code postgres://} or {@code jdbc:postgresql://} URL, or null for the newest backup's TOC */
    public ValidateResult run(ConfigFile config, RunOptions options, String schemaFrom) {
        Profile profile = config.profile(options.profile());
        log.info("Validating profile " + profile.name() + " of " + config.file());
        try (RuleCheck.Schema schema = schemaFrom == null || schemaFrom.isBlank() ? newestBackupsToc(profile, options)
                : database(schemaFrom)) {
            log.info("Schema: " + schema.tableCount() + " tables from " + schema.description());
            List<RuleFinding> findings = RuleCheck.check(profile, config.baseDir(), schema);
            ValidateResult result = new ValidateResult(profile.name(), schema.description(), schema.tableCount(), findings);
            if (result.passed()) {
                log.info("Profile " + profile.name() + " is valid: its sanitize files lex, its rules name existing "
                        + "columns, every column is covered under piiCheck: strict, its verify queries parse");
            }
            return result;
        }
    }

    /** The TOC of the backup a restore would take, read without downloading the dump. */
    private RuleCheck.Schema newestBackupsToc(Profile profile, RunOptions options) {
        BackupSource source = ctx.sources().apply(profile.source());
        Backup backup = BackupSources.pick(source, options.backup());
        ProbedDump head = DumpHead.read(source, backup).orElseThrow(() -> new UserError(source.describe()
                + " makes its dump by running a command, so its schema cannot be read without running it. "
                + "Give a database to check against: -Ddbrestore.schemaFrom=postgres://user@host:5432/database"));
        if (head.toc() == null) {
            throw new UserError("Backup " + backup.id() + " of " + source.describe() + " is a plain SQL dump: it has "
                    + "no table of contents to read the schema from. Give a database to check against: "
                    + "-Ddbrestore.schemaFrom=postgres://user@host:5432/database");
        }
        log.info("Read the archive header and TOC of backup " + backup.id() + " from " + source.describe()
                + " (made " + head.header().createdAt().toString().replace('T', ' ') + "), not the dump's data");
        return RuleCheck.Schema.ofToc(head.toc(), "the TOC of backup " + backup.id());
    }

    private RuleCheck.Schema database(String url) {
        ConnectionSettings server;
        try {
            // the URL as a target's: its query's user, password and TLS parameters (sslmode, …) count too
            server = ctx.connections().resolve(new TargetSpec(url, null, null, null, null, null));
        } catch (UserError e) {
            throw new UserError("dbrestore.schemaFrom: " + e.getMessage().replace("target.url", "the URL"));
        }
        return RuleCheck.Schema.ofDatabase(server, server.maintenanceDatabase());
    }
}
