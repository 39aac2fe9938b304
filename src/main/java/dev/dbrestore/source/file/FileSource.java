package dev.dbrestore.source.file;

import dev.dbrestore.source.Backup;
import dev.dbrestore.source.BackupSource;
import dev.dbrestore.source.DumpInput;
import dev.dbrestore.source.Glob;
import dev.dbrestore.support.UserError;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A dump on the local disk: a file, a directory-format dump (a folder holding {@code toc.dat}), or
 * the newest of those matching a glob in the last segments of the path, e.g.
 * {@code ~/Downloads/*.dump} or {@code dumps/**}{@code /*.dump}. A leading {@code ~} is the home
 * directory; a relative path starts at the base directory (the project's).
 */
public final class FileSource implements BackupSource {
    private static final String TOC = "toc.dat";

    private final String pattern;
    private final Path root;
    private final Glob glob;

    /**
     * @param pattern the path or glob as written in the YAML file
     * @param home    what {@code ~} stands for
     * @param baseDir where a relative pattern starts
     */
    public FileSource(String pattern, Path home, Path baseDir) {
        if (pattern == null || pattern.isBlank()) {
            throw new UserError("The file source needs a path, e.g. file: ~/Downloads/*.dump");
        }
        this.pattern = pattern.trim();
        String expanded = expandHome(this.pattern, home);
        List<String> segments = List.of(expanded.replace('\\', '/').split("/", -1));
        int firstGlob = 0;
        while (firstGlob < segments.size() && !Glob.isGlob(segments.get(firstGlob))) {
            firstGlob++;
        }
        String literal = String.join("/", segments.subList(0, firstGlob));
        if (literal.isEmpty()) {
            literal = expanded.startsWith("/") ? "/" : ".";
        }
        this.root = baseDir.resolve(literal).normalize();
        this.glob = firstGlob < segments.size() ? Glob.of(String.join("/", segments.subList(firstGlob, segments.size()))) : null;
    }

    private static String expandHome(String path, Path home) {
        if (path.equals("~")) {
            return home.toString();
        }
        if (path.startsWith("~/") || path.startsWith("~\\")) {
            return home.toString().replace('\\', '/') + path.substring(1);
        }
        return path;
    }

    @Override
    public String describe() {
        return "file:" + pattern;
    }

    @Override
    public List<Backup> list() throws IOException {
        List<Backup> backups = new ArrayList<>();
        for (Path candidate : candidates()) {
            BasicFileAttributes attributes = Files.readAttributes(candidate, BasicFileAttributes.class);
            Long size = attributes.isDirectory() ? directorySize(candidate) : attributes.size();
            backups.add(new Backup(candidate.getFileName().toString(), attributes.lastModifiedTime().toInstant(),
                    size, "available", candidate.toString()));
        }
        backups.sort(Comparator.comparing(Backup::createdAt).thenComparing(Backup::location).reversed());
        return backups;
    }

    @Override
    public Backup pick(String requestedId) throws IOException {
        List<Backup> all = list();
        if (all.isEmpty()) {
            throw new UserError(glob == null
                    ? "No dump at " + pattern + " (" + root + " does not exist)"
                    : "No file matches " + pattern + " (looked in " + root + ")");
        }
        return BackupSource.super.pick(requestedId);
    }

    @Override
    public DumpInput open(Backup backup) throws IOException {
        Path path = Path.of(backup.location());
        if (Files.isDirectory(path)) {
            return new DumpInput() {
                @Override public InputStream stream() { return null; }
                @Override public Path directory() { return path; }
                @Override public void close() { }
            };
        }
        try {
            return DumpInput.of(Files.newInputStream(path));
        } catch (NoSuchFileException e) {
            throw new UserError("The dump " + path + " disappeared before it could be read");
        }
    }

    private List<Path> candidates() throws IOException {
        if (glob == null) {
            if (!Files.exists(root)) {
                return List.of();
            }
            if (Files.isDirectory(root) && !Files.isRegularFile(root.resolve(TOC))) {
                throw new UserError(pattern + " is a folder without " + TOC + ", so not a directory-format dump;"
                        + " name a dump file or a glob such as " + pattern.replaceAll("/+$", "") + "/*.dump");
            }
            return List.of(root);
        }
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        int depth = glob.toString().contains("**") ? Integer.MAX_VALUE : glob.toString().split("/").length;
        try (Stream<Path> walk = Files.walk(root, depth)) {
            return walk.filter(path -> !path.equals(root))
                    .filter(path -> glob.matches(root.relativize(path).toString().replace('\\', '/')))
                    .filter(path -> Files.isRegularFile(path) || Files.isRegularFile(path.resolve(TOC)))
                    .toList();
        }
    }

    private static long directorySize(Path directory) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile).mapToLong(file -> file.toFile().length()).sum();
        }
    }

    /** For tests and logs: where the search starts. */
    Path root() {
        return root;
    }
}
