package dev.dbrestore.report;

import dev.dbrestore.support.Json;
import dev.dbrestore.support.Redactor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A JSON document written to a file as a whole or not at all: pretty-printed, redacted, into a
 * temporary file beside it that is then moved over it, so a run killed while writing never leaves
 * half a document (report.json, {@code -Ddbrestore.outputFile}).
 */
public final class JsonFile {
    private JsonFile() {
    }

    /** The document as the plugin prints it: pretty JSON, every secret it knows of masked, a final newline. */
    public static String text(Object document) {
        return Redactor.redact(Json.writePretty(document)) + "\n";
    }

    /** Writes {@code document} to {@code file}, creating its folder, replacing what was there atomically. */
    public static Path write(Path file, Object document) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, file.getFileName() + ".", ".tmp");
        try {
            Files.writeString(tmp, text(document), StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return file;
    }
}
