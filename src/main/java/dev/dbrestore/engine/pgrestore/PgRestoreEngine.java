package dev.dbrestore.engine.pgrestore;

import dev.dbrestore.archive.ArchiveHeader;
import dev.dbrestore.archive.DumpFormat;
import dev.dbrestore.archive.ProbedDump;
import dev.dbrestore.archive.Toc;
import dev.dbrestore.archive.TocEntry;
import dev.dbrestore.db.PgAdmin;
import dev.dbrestore.archive.PolicyRoles;
import dev.dbrestore.engine.RestoreEngine;
import dev.dbrestore.engine.RestoreRequest;
import dev.dbrestore.archive.TableNames;
import dev.dbrestore.engine.TargetPreparation;
import dev.dbrestore.support.ChildEnvironment;
import dev.dbrestore.support.Fault;
import dev.dbrestore.support.Progress;
import dev.dbrestore.support.UserError;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

/**
 * The {@code pg_restore} engine: archives stream into {@code pg_restore --no-owner --no-privileges}
 * through standard input (no temporary copy of the dump); plain SQL streams into
 * {@code psql -v ON_ERROR_STOP=1} through {@link PlainScriptFilter}. What they print on standard
 * error is sorted by {@link ErrorClassifier}.
 */
public final class PgRestoreEngine implements RestoreEngine {
    @Override
    public String name() {
        return "pg_restore";
    }

    @Override
    public void restore(RestoreRequest request, Progress progress) throws Exception {
        PgTools tools = new PgTools(request.pgBin());
        ProbedDump dump = request.dump();
        if (dump.format() == DumpFormat.PLAIN) {
            restorePlain(request, tools, progress);
        } else {
            restoreArchive(request, tools, progress);
        }
    }

    // ---- archives ------------------------------------------------------------------------------

    private void restoreArchive(RestoreRequest request, PgTools tools, Progress progress) throws Exception {
        ProbedDump dump = request.dump();
        PgTools.Version version = tools.version("pg_restore");
        checkArchiveVersion(dump.header(), version, request.pgBin() != null);
        if (dump.header().pgDumpMajor() > version.major()) {
            // same archive format, newer SQL: usually fine, but new syntax would fail on old tools
            progress.warn("This dump was made by pg_dump " + dump.header().pgDumpVersion() + ", newer than the local pg_restore "
                    + version.major() + "." + version.minor() + "; if the restore reports syntax errors, use matching client tools (pgBin:)");
        }
        prepareTarget(request, dump.toc(), progress);

        List<String> command = new ArrayList<>(List.of(tools.find("pg_restore").toString(),
                "--no-owner", "--no-privileges", "--dbname", request.database()));
        if (!request.keepSubscriptions()) {
            command.add("--no-subscriptions"); // a development copy must not subscribe to production
        }
        Path listFile = excludedDataList(dump.toc(), request.excludeTableData(), progress);
        if (listFile != null) {
            command.addAll(List.of("--use-list", listFile.toString()));
        }
        if (dump.format() == DumpFormat.DIRECTORY) {
            if (request.jobs() > 1) {
                command.addAll(List.of("--jobs", Integer.toString(request.jobs())));
            }
            command.add(dump.directory().toString());
        }
        try {
            InputStream input = dump.format() == DumpFormat.DIRECTORY ? null : dump.stream();
            run(command, request, input, null, progress);
        } finally {
            if (listFile != null) {
                Files.deleteIfExists(listFile);
            }
        }
    }

    /** One clear message when the local pg_restore is older than the archive. */
    static void checkArchiveVersion(ArchiveHeader header, PgTools.Version tool, boolean pgBinSet) {
        if (header.packedVersion() <= tool.maxArchiveVersion()) {
            return;
        }
        int dumpMajor = header.pgDumpMajor();
        throw new UserError("This dump was made by pg_dump " + header.pgDumpVersion() + " (archive format "
                + header.archiveVersion() + "), but the local pg_restore is " + tool.major() + "." + tool.minor()
                + " and reads archive formats up to " + tool.maxArchiveVersionText() + ". "
                + "Install the PostgreSQL " + (dumpMajor > 0 ? dumpMajor : "newer") + " client tools and point pgBin: "
                + "(or -Ddbrestore.pgBin) at their bin folder"
                + (pgBinSet ? "" : " (e.g. /usr/lib/postgresql/" + (dumpMajor > 0 ? dumpMajor : "NN") + "/bin)")
                + ", or use engine: native, which reads every archive version.");
    }

    /** A {@code --use-list} file that leaves out the TABLE DATA of excluded tables, or null when nothing is excluded. */
    private static Path excludedDataList(Toc toc, List<String> excluded, Progress progress) throws IOException {
        if (excluded == null || excluded.isEmpty()) {
            return null;
        }
        TableNames names = new TableNames(excluded);
        List<String> lines = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (TocEntry e : toc.entries()) {
            if ("TABLE DATA".equals(e.desc()) && names.matches(e.namespace(), e.tag())) {
                skipped.add(e.qualifiedName());
                continue;
            }
            lines.add(e.dumpId() + "; " + e.tableOid() + " " + e.oid() + " " + e.desc());
        }
        names.warnUnmatched(progress);
        if (skipped.isEmpty()) {
            return null;
        }
        progress.info("Skipping the rows of " + String.join(", ", skipped) + " (excludeTableData)");
        Path file = Files.createTempFile("dbrestore-list", ".txt");
        Files.write(file, lines, StandardCharsets.UTF_8);
        return file;
    }

    private static void prepareTarget(RestoreRequest request, Toc toc, Progress progress) throws SQLException {
        Set<String> roles = TargetPreparation.policyRoles(toc);
        boolean herokuExt = TargetPreparation.needsHerokuExt(toc);
        if (roles.isEmpty() && !herokuExt) {
            return;
        }
        try (Connection c = PgAdmin.open(request.server(), request.database())) {
            if (request.createMissingRoles() && !roles.isEmpty()) {
                TargetPreparation.createMissingRoles(c, roles, progress);
            }
            if (herokuExt) {
                TargetPreparation.createHerokuExtSchema(c, progress);
            }
        }
    }

    // ---- plain SQL -----------------------------------------------------------------------------

    private void restorePlain(RestoreRequest request, PgTools tools, Progress progress) throws Exception {
        List<String> command = List.of(tools.find("psql").toString(), "-X", "-q", "-v", "ON_ERROR_STOP=1",
                "--dbname", request.database());
        try (Connection c = PgAdmin.open(request.server(), request.database())) {
            boolean oldServer = c.getMetaData().getDatabaseMajorVersion() < 17;
            List<String> droppedExamples = new ArrayList<>();
            PlainScriptFilter filter = new PlainScriptFilter(oldServer, request.keepSubscriptions(),
                    sql -> beforePlainStatement(sql, c, request, progress),
                    dropped -> {
                        if (droppedExamples.size() < 3) {
                            droppedExamples.add(dropped);
                        }
                    });
            run(command, request, request.dump().stream(), filter, progress);
            if (filter.droppedCount() > 0) {
                progress.info("Skipped " + filter.droppedCount() + " ownership/privilege statement(s) of the plain dump "
                        + "(as pg_restore --no-owner --no-privileges does)");
            }
        }
    }

    private static String beforePlainStatement(String sql, Connection c, RestoreRequest request, Progress progress) {
        if (sql.regionMatches(true, 0, "CREATE POLICY", 0, 13)) {
            if (request.createMissingRoles()) {
                // roles are cluster-wide and harmless to create early, so a side connection is fine
                TargetPreparation.createMissingRoles(c, new java.util.LinkedHashSet<>(PolicyRoles.inStatement(sql)), progress);
            }
        } else if (sql.matches("(?is)CREATE EXTENSION.*\\bSCHEMA\\s+heroku_ext\\b.*")) {
            return "CREATE SCHEMA IF NOT EXISTS heroku_ext;";
        }
        return null;
    }

    // ---- running the tool ----------------------------------------------------------------------

    private void run(List<String> command, RestoreRequest request, InputStream input, PlainScriptFilter filter,
                     Progress progress) throws Exception {
        String tool = Path.of(command.get(0)).getFileName().toString();
        progress.debug("Running " + String.join(" ", command));
        ProcessBuilder pb = new ProcessBuilder(command);
        ChildEnvironment.connectTo(pb.environment(), request.server().libpqEnvironment(request.database()));
        ChildEnvironment.englishMessages(pb.environment());
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Process process = pb.start();
        try {
            List<String> stderr = Collections.synchronizedList(new ArrayList<>());
            CompletableFuture<Void> errReader = CompletableFuture.runAsync(() -> readLines(process.getErrorStream(), stderr));
            AtomicReference<IOException> feedError = new AtomicReference<>();
            if (input != null) {
                feed(process, input, request.dump().label(), filter, feedError);
            } else {
                process.getOutputStream().close();
            }
            int exit = process.waitFor();
            errReader.join();

            ErrorClassifier.Result result = ErrorClassifier.classify(stderr);
            for (ErrorClassifier.Problem p : result.harmless()) {
                progress.warn(tool + " reported a known harmless error: " + firstLine(p.text()));
            }
            for (String w : result.warnings()) {
                progress.warn(w);
            }
            if (feedError.get() != null) {
                // the tool was killed (feed): what it said about its cut-off input is not the cause
                throw new Fault("Reading the dump failed: " + feedError.get().getMessage(), feedError.get());
            }
            if (result.failed() || exit != 0) {
                throw failure(tool, exit, result, stderr);
            }
        } catch (Throwable e) {
            PgTools.kill(process);
            throw e;
        }
    }

    /**
     * Copies the dump into the tool's stdin on the calling thread; a broken pipe means the tool
     * stopped by itself. When reading the dump fails, the tool is killed <em>before</em> its stdin
     * is closed: it must never take the cut-off dump's end for the end of the dump (psql runs an
     * unfinished last statement at the end of its input, pg_restore restores what it got).
     */
    private static void feed(Process process, InputStream in, String label, PlainScriptFilter filter,
                             AtomicReference<IOException> error) {
        OutputStream toolStdin = process.getOutputStream();
        try {
            if (filter != null) {
                filter.copy(in, label, toolStdin);
            } else {
                in.transferTo(toolStdin);
            }
        } catch (IOException e) {
            if (!isBrokenPipe(e)) {
                PgTools.kill(process);
                error.set(e);
            }
        } catch (RuntimeException | Error e) {
            PgTools.kill(process);
            throw e;
        } finally {
            try {
                toolStdin.close();
            } catch (IOException ignored) {
                // the tool has gone: its exit code and messages tell why
            }
        }
    }

    private static boolean isBrokenPipe(IOException e) {
        String m = e.getMessage();
        return m != null && (m.contains("Broken pipe") || m.contains("Stream closed"));
    }

    private static RuntimeException failure(String tool, int exit, ErrorClassifier.Result result, List<String> stderr) {
        List<ErrorClassifier.Problem> errors = result.errors();
        String details;
        if (errors.isEmpty()) {
            details = stderr.stream().skip(Math.max(0, stderr.size() - 10)).collect(Collectors.joining("\n"));
        } else {
            details = errors.stream().limit(10).map(ErrorClassifier.Problem::text).collect(Collectors.joining("\n"))
                    + (errors.size() > 10 ? "\n... and " + (errors.size() - 10) + " more" : "");
        }
        String summary = tool + " failed (exit code " + exit + ", " + errors.size() + " error(s)):\n" + details;
        boolean userFixable = errors.stream().anyMatch(p -> p.text().contains("does not exist")
                || p.text().contains("input file") || p.text().contains("end of file") || p.text().contains("unsupported"));
        return userFixable ? new UserError(summary) : new Fault(summary);
    }

    private static String firstLine(String text) {
        int nl = text.indexOf('\n');
        return nl < 0 ? text : text.substring(0, nl);
    }

    private static void readLines(InputStream in, List<String> sink) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                sink.add(line);
            }
        } catch (IOException ignored) {
            // the process ended; what was read is all there is
        }
    }
}
