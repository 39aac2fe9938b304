package dev.dbrestore.sanitize;

import dev.dbrestore.config.LeakScanMode;
import dev.dbrestore.config.MaskRule;
import dev.dbrestore.config.PiiCheckMode;
import dev.dbrestore.config.Profile;
import dev.dbrestore.config.Settings;
import dev.dbrestore.db.ConnectionSettings;
import dev.dbrestore.db.PgAdmin;
import dev.dbrestore.report.RunReport;
import dev.dbrestore.sanitize.SanitizeStep;
import dev.dbrestore.sanitize.SanitizeResult.LeakFinding;
import dev.dbrestore.sanitize.SanitizeResult.LeakScanResult;
import dev.dbrestore.sanitize.SanitizeResult.PiiFinding;
import dev.dbrestore.sanitize.SanitizeResult.Step;
import dev.dbrestore.sanitize.SanitizeResult.Verification;
import dev.dbrestore.support.Fault;
import dev.dbrestore.support.MaskedValueSink;
import dev.dbrestore.support.Progress;
import dev.dbrestore.support.UserError;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Locale;

/**
 * Sanitizes one database as a profile says, in this order:
 * <ol>
 * <li>check everything that can be checked before a change: SQL files read and split (psql
 *   meta-commands rejected), mask rules resolved against the catalog and EXPLAINed;</li>
 * <li>run the {@code sanitize:} SQL files, each in its own transaction;</li>
 * <li>apply the {@code mask:} rules, one statement per rule, all in one transaction;</li>
 * <li>refresh materialized views, which still hold copies of the raw data;</li>
 * <li>scan the text columns for raw values of the masked columns ({@link LeakScan}; the masking
 *   fingerprinted each value just before replacing it);</li>
 * <li>run the {@code verify:} queries and the PII check, and fail if they or the leak scan (when
 *   {@code leakScan: fail}) find something.</li>
 * </ol>
 * Any failure throws {@link SanitizeFailed} (a {@link UserError}) carrying what ran so far; the
 * caller drops the database (guarantee 3), which is why a file that ran before a failing one is
 * not undone here.
 */
public final class Sanitizer implements SanitizeStep {

    /**
     * Salt for {@code hash} and {@code scramble} when {@code hashSalt} is not set. It is public, so
     * anyone can hash a guessed e-mail and find it; a warning says so and asks for a real salt.
     */
    public static final String DEFAULT_SALT = "dbrestore-default-salt-v1";

    /** The salt the keyed masks use: {@code hashSalt}, else the public default. */
    static String saltOf(Settings settings) {
        String configured = settings == null ? null : settings.hashSalt();
        return configured != null && !configured.isEmpty() ? configured : DEFAULT_SALT;
    }

    /** Sanitizes the database {@code connection} is connected to; see the class comment. */
    public SanitizeResult sanitize(Connection connection, Profile profile, Settings effective, Path yamlBaseDir,
                                   Progress progress) {
        return sanitize(connection, profile, effective, yamlBaseDir, progress, null);
    }

    /** As above, leaving out the column rules {@code streamed} applied while the rows loaded. */
    SanitizeResult sanitize(Connection connection, Profile profile, Settings effective, Path yamlBaseDir,
                            Progress progress, StreamMasking streamed) {
        try {
            return new Run(connection, profile, effective, yamlBaseDir, progress,
                    streamed == null ? StreamedColumns.NONE : streamed.streamed(),
                    streamed == null ? null : streamed.fingerprints()).run();
        } catch (SQLException e) {
            throw new Fault("Sanitization lost its database connection or hit a server error: "
                    + ServerMessages.describe(e), e);
        }
    }

    /** leakScan as set, else fail for a sensitive profile and warn for another. */
    static LeakScanMode leakScanMode(Profile profile, Settings effective) {
        if (effective.leakScan() != null) {
            return effective.leakScan();
        }
        return profile.sensitive() ? LeakScanMode.FAIL : LeakScanMode.WARN;
    }

    // ---- SanitizeStep, as the restore pipeline calls it ---------------------------------------------

    @Override
    public boolean hasWork(Profile profile) {
        return !isEmpty(profile.sanitize()) || !isEmpty(profile.mask()) || !isEmpty(profile.verify());
    }

    @Override
    public String hash(Profile profile, Settings settings, Path baseDir) {
        return SanitizeHash.of(SqlFile.load(baseDir, profile.sanitize()), profile, settings);
    }

    @Override
    public StreamMasking streamMasking(ConnectionSettings server, String database, Profile profile, Settings settings,
                                      Path baseDir, Progress progress) {
        return StreamMasking.of(server, database, profile, settings, baseDir, progress);
    }

    @Override
    public String run(ConnectionSettings server, String database, Profile profile, Settings settings, Path baseDir,
                      RunReport report, Progress progress) {
        return run(server, database, profile, settings, baseDir, report, progress, null);
    }

    @Override
    public String run(ConnectionSettings server, String database, Profile profile, Settings settings, Path baseDir,
                      RunReport report, Progress progress, StreamMasking streamed) {
        try (Connection connection = PgAdmin.open(server, database)) {
            SanitizeResult result = sanitize(connection, profile, settings, baseDir, progress, streamed);
            record(report, result);
            return result.leakScan().summary();
        } catch (SanitizeFailed e) {
            record(report, e.result());
            throw e;
        } catch (SQLException e) {
            throw new Fault("Closing the connection to " + database + " failed: " + e.getMessage(), e);
        }
    }

    private static void record(RunReport report, SanitizeResult result) {
        if (result == null) {
            return;
        }
        for (Step step : result.steps()) {
            report.step("sanitize: " + step.name(), step.durationMs(), step.rows(), step.detail());
        }
        report.sanitize = RunReport.map("hash", result.hash(), "piiCheck", result.piiCheck(),
                "refreshedMaterializedViews", result.refreshedMaterializedViews(), "leakScan", result.leakScan());
        report.verification = new ArrayList<>(result.verifications());
        report.piiFindings = new ArrayList<>(result.piiFindings());
    }

    private static boolean isEmpty(List<?> list) {
        return list == null || list.isEmpty();
    }

    /** One sanitization: the profile's parts, and the steps done so far for a failure's report. */
    private static final class Run {
        private final Connection connection;
        private final Profile profile;
        private final Progress progress;
        private final PiiCheckMode piiMode;
        private final Pseudonyms pseudonyms;
        private final StreamedColumns streamed;
        private final LeakScanMode leakMode;
        private final LeakFingerprints fingerprints;
        private LeakScanResult leakScan;
        private final List<MaskRule> rules;
        private final List<SqlFile> files;
        private final String hash;
        private final List<Step> steps = new ArrayList<>();
        private List<String> refreshed = List.of();

        Run(Connection connection, Profile profile, Settings effective, Path baseDir, Progress progress,
            StreamedColumns streamed, LeakFingerprints streamedValues) {
            this.connection = connection;
            this.profile = profile;
            this.progress = progress;
            this.piiMode = effective.piiCheck() == null ? PiiCheckMode.WARN : effective.piiCheck();
            this.leakMode = leakScanMode(profile, effective);
            // the values masked in the stream were fingerprinted as they loaded; the UPDATEs add theirs
            this.fingerprints = leakMode == LeakScanMode.OFF ? null
                    : streamedValues != null ? streamedValues : new LeakFingerprints();
            this.leakScan = LeakScanResult.withoutScan(lower(leakMode), leakMode == LeakScanMode.OFF ? "off" : "not run");
            this.rules = profile.mask() == null ? List.of() : profile.mask();
            this.pseudonyms = new Pseudonyms(salt(effective.hashSalt()));
            this.streamed = streamed;
            this.files = SqlFile.load(baseDir, profile.sanitize());
            this.hash = SanitizeHash.of(files, profile, effective);
        }

        SanitizeResult run() throws SQLException {
            List<MaskStatement> masks = planMasks(SchemaCatalog.load(connection));
            progress.info("Sanitizing: " + files.size() + " SQL file(s), " + rules.size() + " mask rule(s), "
                    + (profile.verify() == null ? 0 : profile.verify().size()) + " verify query(ies), PII check "
                    + mode() + "; sanitize hash " + hash.substring(0, 12));
            try {
                SqlFileRunner runner = new SqlFileRunner(connection, progress);
                for (SqlFile file : files) {
                    steps.add(runner.run(file));
                }
                if (!files.isEmpty()) {
                    masks = planMasks(SchemaCatalog.load(connection)); // the files may have changed the schema
                }
                steps.addAll(streamedSteps());
                steps.addAll(new Masker(connection, progress).apply(masks,
                        fingerprints == null ? MaskedValueSink.NONE : fingerprints));
                MaskFunctions.uninstall(connection);
                if (!files.isEmpty() || !masks.isEmpty()) {
                    refreshMaterializedViews();
                }
                scanForLeaks(masks);
            } catch (UserError e) {
                throw new SanitizeFailed(e.getMessage(), result(List.of(), List.of()), e);
            }
            List<Verification> verifications = new Verifier(connection, progress).verify(profile.verify());
            List<PiiFinding> findings = new PiiCheck(connection, progress)
                    .check(piiMode, SchemaCatalog.load(connection), rules, files, profile.safeColumns());
            SanitizeResult result = result(verifications, findings);
            failIfNotClean(result);
            return result;
        }

        private void scanForLeaks(List<MaskStatement> masks) throws SQLException {
            if (fingerprints == null) {
                return;
            }
            if (fingerprints.size() == 0) {
                leakScan = LeakScanResult.withoutScan(lower(leakMode), "nothing masked");
                progress.info("Leak scan: no mask rule replaced a value, nothing to look for");
                return;
            }
            Set<String> written = new HashSet<>();
            masks.forEach(m -> written.addAll(m.masked()));
            streamed.all().forEach(t -> t.columns().forEach(c -> written.add(t.display() + "." + c)));
            long start = System.nanoTime();
            leakScan = new LeakScan(connection, progress).scan(lower(leakMode), SchemaCatalog.load(connection), fingerprints, written);
            steps.add(new Step("leak scan", (System.nanoTime() - start) / 1_000_000, leakScan.rowsScanned(), leakScan.summary()));
        }

        private static String lower(Enum<?> mode) {
            return mode.name().toLowerCase(Locale.ROOT);
        }

        private List<MaskStatement> planMasks(SchemaCatalog catalog) throws SQLException {
            return new MaskPlanner(catalog, pseudonyms, streamed).prepare(connection, rules);
        }

        /** The tables masked while their rows loaded: what ran there, for the log and the report. */
        private List<Step> streamedSteps() {
            List<Step> done = new ArrayList<>();
            for (StreamedColumns.Table table : streamed.all()) {
                String label = "mask " + table.display() + " in the restore stream (" + table.columns().size() + " column"
                        + (table.columns().size() == 1 ? "" : "s") + ")";
                progress.info("Sanitize " + label + ": " + table.rows().get() + " row(s) masked as they loaded: "
                        + String.join(", ", table.columns()));
                done.add(new Step(label, 0, table.rows().get(), "in the restore stream: " + String.join(", ", table.columns())));
            }
            return done;
        }

        private void refreshMaterializedViews() throws SQLException {
            long start = System.nanoTime();
            refreshed = new MaterializedViews(connection, progress).refreshAll();
            if (!refreshed.isEmpty()) {
                steps.add(new Step("refresh materialized views", (System.nanoTime() - start) / 1_000_000, 0,
                        String.join(", ", refreshed)));
            }
        }

        private void failIfNotClean(SanitizeResult result) {
            List<String> problems = new ArrayList<>();
            for (Verification v : result.verifications()) {
                if (!v.passed()) {
                    problems.add("verify: " + Verifier.describe(v));
                }
            }
            if (leakMode == LeakScanMode.FAIL) {
                for (LeakFinding f : result.leakScan().findings()) {
                    problems.add("leak scan (fail): " + LeakScan.describe(f));
                }
            }
            boolean piiFails = piiMode == PiiCheckMode.FAIL || piiMode == PiiCheckMode.STRICT;
            if (piiFails) {
                for (PiiFinding f : result.piiFindings()) {
                    problems.add("PII check (" + mode() + "): " + PiiCheck.describe(f));
                }
            }
            if (problems.isEmpty()) {
                return;
            }
            String advice = (piiFails && !result.piiFindings().isEmpty()
                    ? "\n" + ColumnCoverage.advice(profile.name(), files, piiMode == PiiCheckMode.STRICT) : "")
                    + (leakMode == LeakScanMode.FAIL && !result.leakScan().findings().isEmpty()
                    ? "\nA leak is a copy of a masked value in a column no mask rule writes: mask or clear that column too "
                    + "(a mask: rule of profile '" + profile.name() + "' or a sanitize statement), or set leakScan: warn "
                    + "to accept it." : "");
            throw new SanitizeFailed("Sanitization did not leave a clean database (" + problems.size()
                    + " problem(s)):\n  " + String.join("\n  ", problems) + advice, result, null);
        }

        private SanitizeResult result(List<Verification> verifications, List<PiiFinding> findings) {
            return new SanitizeResult(hash, List.copyOf(steps), verifications, mode(), findings, refreshed, leakScan);
        }

        private String mode() {
            return piiMode.name().toLowerCase(Locale.ROOT);
        }

        private String salt(String configured) {
            List<MaskRule.Strategy> strategies = rules.stream().filter(r -> r.columns() != null)
                    .flatMap(r -> r.columns().stream())
                    .filter(c -> c instanceof MaskRule.Strategy).map(c -> (MaskRule.Strategy) c).toList();
            strategies.stream().filter(s -> s.kind() == MaskRule.Strategy.Kind.SCRAMBLE).findFirst().ifPresent(s ->
                    progress.warn("scramble is deprecated: it now gives a keyed pseudonym of the same shape. Use "
                            + "firstName, lastName, fullName, email or phone for column " + s.column() + " and the like."));
            if (configured != null && !configured.isEmpty()) {
                return configured;
            }
            boolean needsSalt = strategies.stream().anyMatch(s -> s.kind() != MaskRule.Strategy.Kind.NULL);
            if (needsSalt) {
                progress.warn("hashSalt is not set: the keyed masks (hash, email, names, phone, dateShift, numberNoise) use "
                        + "dbrestore's public default salt, so a masked value can be matched by masking a guess. Set "
                        + "hashSalt: ${env:DBRESTORE_HASH_SALT} in the YAML.");
            }
            return DEFAULT_SALT;
        }
    }
}
