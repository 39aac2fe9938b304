package dev.dbrestore.source.file;

import dev.dbrestore.source.Backup;
import dev.dbrestore.source.BackupSource;
import dev.dbrestore.source.DumpInput;
import dev.dbrestore.support.UserError;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** A dump on the local disk: a path, or a glob whose newest match (by modification time) wins. */
public final class FileSource implements BackupSource {
    private final String pattern;
    private final Path baseDir;
    private final Path home;

    public FileSource(String pattern, Path baseDir, Path home) {
        this.pattern = pattern;
        this.baseDir = baseDir;
        this.home = home;
    }

    @Override
    public String describe() {
        return "file:" + pattern;
    }

    @Override
    public List<Backup> list() throws IOException {
        List<Path> matches = matches();
        List<Backup> out = new ArrayList<>();
        for (Path p : matches) {
            Path sizeOf = Files.isDirectory(p) ? p.resolve("toc.dat") : p;
            out.add(new Backup(p.getFileName().toString(), Files.getLastModifiedTime(p).toInstant(),
                    Files.isDirectory(p) ? null : Files.size(sizeOf), "available", p.toString()));
        }
        out.sort(Comparator.comparing(Backup::createdAt).reversed());
        if (out.isEmpty()) {
            throw new UserError("No dump matches " + pattern + (pattern.equals(expanded().toString()) ? "" : " (" + expanded() + ")")
                    + ": " + whyNothingMatches());
        }
        return out;
    }

    @Override
    public DumpInput open(Backup backup) throws IOException {
        Path path = Path.of(backup.location());
        if (Files.isDirectory(path)) {
            if (!Files.isRegularFile(path.resolve("toc.dat"))) {
                throw new UserError(path + " is a folder without toc.dat: not a directory-format dump");
            }
            return new DumpInput() {
                @Override public InputStream stream() { return null; }
                @Override public Path directory() { return path; }
                @Override public void close() { }
            };
        }
        InputStream in = new BufferedInputStream(Files.newInputStream(path), 1 << 16);
        return new DumpInput() {
            @Override public InputStream stream() { return in; }
            @Override public Path file() { return path; }
            @Override public void close() throws IOException { in.close(); }
        };
    }

    /** A local file is read lazily anyway: the whole-file stream is its head. */
    @Override
    public DumpInput openHead(Backup backup) throws IOException {
        return open(backup);
    }

    @Override
    public String timeMeaning() {
        return "the file's modification time";
    }

    /** The folder the pattern looks in does not exist, or it holds nothing that matches. */
    private String whyNothingMatches() {
        Path full = expanded();
        String text = full.toString();
        int firstGlob = indexOfGlob(text);
        Path folder = firstGlob < 0 ? full.getParent() : Path.of(text.substring(0, Math.max(1, text.lastIndexOf('/', firstGlob))));
        if (folder != null && !Files.isDirectory(folder)) {
            return "the folder " + folder + " does not exist";
        }
        return firstGlob < 0 ? "there is no such file or folder" : "nothing in " + folder + " matches";
    }

    private Path expanded() {
        String p = pattern;
        if (p.equals("~") || p.startsWith("~/")) {
            p = home + p.substring(1);
        }
        Path path = Path.of(p);
        return path.isAbsolute() ? path : baseDir.resolve(path).normalize();
    }

    private List<Path> matches() throws IOException {
        Path full = expanded();
        String text = full.toString();
        int firstGlob = indexOfGlob(text);
        if (firstGlob < 0) {
            return Files.exists(full) ? List.of(full) : List.of();
        }
        Path root = Path.of(text.substring(0, text.lastIndexOf('/', firstGlob) + 1));
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + text);
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(root, text.contains("**") ? Integer.MAX_VALUE : depth(text, root))) {
            return walk.filter(p -> !p.equals(root) && matcher.matches(p)).toList();
        }
    }

    private static int depth(String glob, Path root) {
        return (int) glob.substring(root.toString().length()).chars().filter(c -> c == '/').count() + 1;
    }

    private static int indexOfGlob(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '*' || c == '?' || c == '[' || c == '{') {
                return i;
            }
        }
        return -1;
    }
}
