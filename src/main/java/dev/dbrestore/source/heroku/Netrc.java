package dev.dbrestore.source.heroku;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the password of one machine from a {@code .netrc} file, where {@code heroku login} keeps
 * the API key ({@code machine api.heroku.com login me@example.com password <key>}). Tokens are
 * separated by any white space; {@code #} comment lines and {@code macdef} blocks are skipped.
 */
final class Netrc {
    private Netrc() {
    }

    /** The password of {@code machine}, or of the {@code default} entry; empty when none or unreadable. */
    static Optional<String> password(Path file, String machine) {
        List<String> tokens;
        try {
            tokens = tokens(Files.readString(file));
        } catch (IOException e) {
            return Optional.empty();
        }
        String current = null;
        boolean matching = false;
        String fallback = null;
        for (int i = 0; i < tokens.size(); i++) {
            String token = tokens.get(i);
            switch (token) {
                case "machine" -> {
                    current = i + 1 < tokens.size() ? tokens.get(++i) : null;
                    matching = machine.equals(current);
                }
                case "default" -> {
                    current = null;
                    matching = false;
                }
                case "password" -> {
                    String value = i + 1 < tokens.size() ? tokens.get(++i) : null;
                    if (matching && value != null) {
                        return Optional.of(value);
                    }
                    if (current == null && value != null && fallback == null) {
                        fallback = value;
                    }
                }
                case "login", "account" -> i++;
                default -> { }
            }
        }
        return Optional.ofNullable(fallback);
    }

    private static List<String> tokens(String text) {
        List<String> tokens = new ArrayList<>();
        boolean inMacro = false;
        for (String line : text.split("\\R")) {
            if (inMacro) {
                inMacro = !line.isBlank();
                continue;
            }
            if (line.stripLeading().startsWith("#")) {
                continue;
            }
            for (String token : line.trim().split("\\s+")) {
                if (token.isEmpty()) {
                    continue;
                }
                if (token.equals("macdef")) {
                    inMacro = true;
                    break;
                }
                tokens.add(token);
            }
        }
        return tokens;
    }
}
