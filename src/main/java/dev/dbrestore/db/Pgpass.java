package dev.dbrestore.db;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads a libpq password file: lines {@code host:port:database:user:password}, {@code *} wildcards, {@code \:} escapes. */
final class Pgpass {
    private final Path file;

    Pgpass(Path file) {
        this.file = file;
    }

    String lookup(String host, int port, String database, String user) {
        if (file == null || !Files.isRegularFile(file)) {
            return null;
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        }
        for (String line : lines) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            List<String> f = fields(line);
            if (f.size() < 5) {
                continue;
            }
            if (matches(f.get(0), host) && matches(f.get(1), Integer.toString(port))
                    && matches(f.get(2), database) && matches(f.get(3), user)) {
                return f.get(4);
            }
        }
        return null;
    }

    private static boolean matches(String pattern, String value) {
        return pattern.equals("*") || pattern.equals(value)
                || (pattern.equals("localhost") && "127.0.0.1".equals(value));
    }

    private static List<String> fields(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\' && i + 1 < line.length()) {
                current.append(line.charAt(++i));
            } else if (c == ':' && out.size() < 4) {
                out.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        out.add(current.toString());
        return out;
    }
}
