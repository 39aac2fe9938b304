package dev.dbrestore.source.command;

import dev.dbrestore.source.Backup;
import dev.dbrestore.source.BackupSource;
import dev.dbrestore.source.DumpInput;
import dev.dbrestore.support.ChildEnvironment;
import dev.dbrestore.support.Fault;
import dev.dbrestore.support.Platform;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A shell command whose standard output is the dump ({@code sh -c}; {@code cmd /c} on Windows). Its exit status is checked
 * after the restore consumed the output: a failed command fails the restore even when the dump
 * looked complete. The last lines of its standard error go into the message; it runs with
 * English messages ({@link ChildEnvironment#englishMessages}).
 */
public final class CommandSource implements BackupSource {
    private static final int STDERR_LINES = 20;

    private final String command;
    private final Path workingDir;
    private final Platform platform;

    public CommandSource(String command, Path workingDir) {
        this(command, workingDir, Platform.current());
    }

    /** @param platform decides the shell: {@code cmd /c} on Windows, {@code sh -c} elsewhere */
    public CommandSource(String command, Path workingDir, Platform platform) {
        this.command = command;
        this.workingDir = workingDir;
        this.platform = platform;
    }

    @Override
    public String describe() {
        return "command";
    }

    @Override
    public String timeMeaning() {
        return "the time the command was started";
    }

    @Override
    public List<Backup> list() {
        // the command decides what it streams: there is exactly one "backup", taken now
        return List.of(new Backup("command", Instant.now(), null, "available", "command"));
    }

    @Override
    public DumpInput open(Backup backup) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(platform.shell(command)).directory(workingDir.toFile());
        ChildEnvironment.englishMessages(builder.environment());
        Process process = builder.start();
        process.getOutputStream().close();
        Deque<String> stderr = new ArrayDeque<>();
        Thread errReader = new Thread(() -> tail(process.getErrorStream(), stderr), "dbrestore-command-stderr");
        errReader.setDaemon(true);
        errReader.start();
        return new DumpInput() {
            @Override
            public InputStream stream() {
                return process.getInputStream();
            }

            @Override
            public void finish() throws IOException {
                // drain what the restore did not need, so a command writing a trailer can exit
                try {
                    process.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
                } catch (IOException alreadyClosed) {
                    // the restore closed the stream: the command then ends by itself (or by SIGPIPE)
                }
                int exit = waitFor(process);
                joinQuietly(errReader);
                if (exit != 0) {
                    String tail;
                    synchronized (stderr) {
                        tail = String.join("\n", stderr);
                    }
                    throw new Fault("The source command exited with status " + exit
                            + (tail.isEmpty() ? "" : ". Its last output on standard error:\n" + tail));
                }
            }

            @Override
            public void close() {
                if (process.isAlive()) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                }
            }
        };
    }

    private static int waitFor(Process process) throws IOException {
        try {
            if (!process.waitFor(10, TimeUnit.MINUTES)) {
                throw new Fault("The source command did not exit 10 minutes after its output ended");
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the source command", e);
        }
    }

    private static void tail(InputStream err, Deque<String> sink) {
        try (var reader = new java.io.BufferedReader(new java.io.InputStreamReader(err, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                synchronized (sink) {
                    sink.addLast(line);
                    if (sink.size() > STDERR_LINES) {
                        sink.removeFirst();
                    }
                }
            }
        } catch (IOException ignored) {
            // the process ended
        }
    }

    private static void joinQuietly(Thread t) {
        try {
            t.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
