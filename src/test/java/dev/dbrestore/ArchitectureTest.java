package dev.dbrestore;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The core needs no Maven at run time: only the mojo package may import Maven or Plexus types. */
class ArchitectureTest {
    @Test
    void onlyTheMojoPackageImportsMaven() throws IOException {
        Path root = Path.of("src/main/java/dev/dbrestore");
        try (Stream<Path> files = Files.walk(root)) {
            List<String> offenders = files
                    .filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> !p.startsWith(root.resolve("mojo")))
                    .filter(p -> {
                        try {
                            String text = Files.readString(p);
                            return text.contains("import org.apache.maven") || text.contains("import org.codehaus.plexus");
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    })
                    .map(Path::toString)
                    .toList();
            assertThat(offenders).isEmpty();
        }
    }
}
