package dev.dbrestore.sanitize;

import dev.dbrestore.support.Fault;
import dev.dbrestore.support.UserError;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * One sanitize SQL file, read and split up front, so that a psql meta-command or an unterminated
 * string in the last file is reported before the first file changes anything.
 *
 * @param name as the user knows it: the {@code sanitize:} entry, or {@code folder/file.sql} for a folder entry
 */
record SqlFile(String name, Path path, String text, List<SqlFileStatement> statements) {

    /** The profile's {@code sanitize:} entries, in order; a folder stands for its {@code *.sql} files sorted by name. */
    static List<SqlFile> load(Path baseDir, List<String> entries) {
        List<SqlFile> files = new ArrayList<>();
        for (String entry : entries == null ? List.<String>of() : entries) {
            Path path = baseDir.resolve(entry).normalize();
            if (Files.isDirectory(path)) {
                for (Path file : sqlFilesIn(path)) {
                    files.add(read(stripSlash(entry) + "/" + file.getFileName(), file));
                }
            } else if (Files.isRegularFile(path)) {
                files.add(read(entry, path));
            } else {
                throw new UserError("sanitize: " + entry + " does not exist (looked for " + path
                        + "; paths are relative to the YAML file)");
            }
        }
        return files;
    }

    private static List<Path> sqlFilesIn(Path dir) {
        try (Stream<Path> children = Files.list(dir)) {
            return children.filter(p -> p.getFileName().toString().endsWith(".sql") && Files.isRegularFile(p))
                    .sorted().toList();
        } catch (IOException e) {
            throw new Fault("Cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    private static String stripSlash(String entry) {
        return entry.endsWith("/") ? entry.substring(0, entry.length() - 1) : entry;
    }

    private static SqlFile read(String name, Path path) {
        String text;
        try {
            // strict decoding: a Latin-1 file would otherwise turn names into U+FFFD and no longer match
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(Files.readAllBytes(path))).toString();
        } catch (CharacterCodingException e) {
            throw new UserError("sanitize: " + name + " is not UTF-8 text; save it as UTF-8");
        } catch (IOException e) {
            throw new Fault("Cannot read " + path + ": " + e.getMessage(), e);
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        return new SqlFile(name, path, text, SqlFileStatement.split(text, name));
    }
}
