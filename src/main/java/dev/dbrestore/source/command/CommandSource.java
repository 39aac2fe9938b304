package dev.dbrestore.source.command;

import dev.dbrestore.source.Backup;
import dev.dbrestore.source.BackupSource;
import dev.dbrestore.source.DumpInput;
import dev.dbrestore.support.Fault;
import dev.dbrestore.support.Progress;
import dev.dbrestore.support.Redactor;
import dev.dbrestore.support.UserError;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A shell command whose standard output is the dump, e.g.
 * {@code aws s3 cp s3://bucket/latest.dump -} or {@code ssh db pg_dump -Fc app}. It runs under
 * {@code sh -c} in the base directory. Its standard error is kept (the last lines) for the
 * message when it fails, and shown at debug level. A non-zero exit fails the restore in
 * {@link DumpInput#finish()} even when the dump looked complete. The command itself is never
 * logged: it may hold a secret.
 */
public final class CommandSource implements BackupSource {
    private static final int STDERR_LINES = 20;

    private final String command;
    private final Path workingDirectory;
    private final Progress log;

    public CommandSource(String command, Path workingDirectory, Progress log) {
        if (command == null || command.isBlank()) {
            throw new UserError("The command source needs a shell command that writes the dump to standard output");
        }
        this.command = command;
        this.workingDirectory = workingDirectory;
        this.log = log;
    }

    @Override
    public String describe() {
        return "command";
    }

    /** A command offers one backup: what it prints now. Its time is now. */
    @Override
    public List<Backup> list() {
        return List.of(new Backup("command", Instant.now(), null, "available", "standard output of the command"));
    }

    @Override
    public DumpInput open(Backup backup) throws IOException {
        ProcessBuilder builder = new ProcessBuilder("sh", "-c", command);
        if (workingDirectory != null) {
            builder.directory(workingDirectory.toFile());
        }
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new Fault("Cannot start the source command with sh: " + e.getMessage(), e);
        }
        process.getOutputStream().close();
        return new Running(process, log);
    }

    /** The running command: its output to read, its exit to check. */
    private static final class Running implements DumpInput {
        private final Process process;
        private final Deque<String> stderrTail = new ArrayDeque<>();
        private final Thread stderrReader;

        Running(Process process, Progress log) {
            this.process = process;
            this.stderrReader = new Thread(() -> readStderr(process.getErrorStream(), log), "dbrestore-command-stderr");
            this.stderrReader.setDaemon(true);
            this.stderrReader.start();
        }

        private void readStderr(InputStream stderr, Progress log) {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(stderr, StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    log.debug(Redactor.redact("command: " + line));
                    synchronized (stderrTail) {
                        stderrTail.addLast(line);
                        if (stderrTail.size() > STDERR_LINES) {
                            stderrTail.removeFirst();
                        }
                    }
                }
            } catch (IOException ignored) {
                // the process went away
            }
        }

        @Override
        public InputStream stream() {
            return process.getInputStream();
        }

        /** Reads what the consumer left (so the command can finish writing), then waits for its exit. */
        @Override
        public void finish() throws IOException {
            try (InputStream rest = process.getInputStream()) {
                rest.transferTo(OutputStream.nullOutputStream());
            } catch (IOException ignored) {
                // already closed by the consumer
            }
            int exit;
            try {
                exit = process.waitFor();
                stderrReader.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("Interrupted while waiting for the source command");
            }
            if (exit != 0) {
                String tail = stderrTail();
                throw new Fault("The source command failed with exit code " + exit
                        + (tail.isEmpty() ? " and printed nothing on standard error" : ": " + tail));
            }
        }

        @Override
        public void close() {
            if (!process.isAlive()) {
                return;
            }
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }

        private String stderrTail() {
            synchronized (stderrTail) {
                return String.join(" | ", stderrTail).trim();
            }
        }
    }
}
