package dev.dbrestore.lifecycle;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Keeps one variable of a {@code .envrc} / {@code .env} file pointing at the new copy: the line
 * that sets it is replaced in place (keeping an {@code export } prefix), every other line is kept
 * as it was, and a missing line is appended.
 */
public final class EnvFile {
    private final Path file;

    public EnvFile(Path file) {
        this.file = file;
    }

    public void set(String variable, String value) throws IOException {
        Pattern line = Pattern.compile("^(\\s*(?:export\\s+)?)" + Pattern.quote(variable) + "=.*$");
        List<String> lines = Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : new ArrayList<>();
        List<String> out = new ArrayList<>(lines.size() + 1);
        boolean replaced = false;
        for (String l : lines) {
            var m = line.matcher(l);
            if (m.matches() && !replaced) {
                out.add(m.group(1) + variable + "=" + value);
                replaced = true;
            } else {
                out.add(l);
            }
        }
        if (!replaced) {
            boolean exportStyle = file.getFileName().toString().equals(".envrc")
                    || lines.stream().anyMatch(l -> l.trim().startsWith("export "));
            out.add((exportStyle ? "export " : "") + variable + "=" + value);
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".dbrestore-tmp");
        Files.write(tmp, out, StandardCharsets.UTF_8);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** The value the file currently gives the variable, or null. */
    public String get(String variable) throws IOException {
        if (!Files.exists(file)) {
            return null;
        }
        Pattern line = Pattern.compile("^\\s*(?:export\\s+)?" + Pattern.quote(variable) + "=(.*)$");
        for (String l : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            var m = line.matcher(l);
            if (m.matches()) {
                String v = m.group(1).trim();
                if (v.length() >= 2 && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'"))) {
                    v = v.substring(1, v.length() - 1);
                }
                return v;
            }
        }
        return null;
    }
}
