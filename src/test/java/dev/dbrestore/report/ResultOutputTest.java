package dev.dbrestore.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dbrestore.support.Json;
import dev.dbrestore.support.Redactor;
import dev.dbrestore.support.UserError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** -Ddbrestore.output / -Ddbrestore.outputFile: where a goal's JSON document goes, parsed back. */
class ResultOutputTest {
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(stdout, true, StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    private record Doc(String schema, List<Map<String, Object>> items) {
    }

    private static final Doc DOC = new Doc("dbrestore/test/v1",
            List.of(Map.of("source", "postgres://app:pw-in-url@db:5432/x", "size", 12)));

    @Test
    void jsonPrintsExactlyOneDocumentOnStandardOutputWithSecretsMasked() throws Exception {
        ResultOutput output = ResultOutput.of("JSON", null, out);
        assertThat(output.documentOnStandardOutput()).isTrue();
        assertThat(output.write(DOC)).isNull();

        JsonNode parsed = Json.MAPPER.readTree(stdout.toString(StandardCharsets.UTF_8));
        assertThat(parsed.get("schema").asText()).isEqualTo("dbrestore/test/v1");
        assertThat(parsed.get("items").get(0).get("size").asInt()).isEqualTo(12);
        assertThat(parsed.get("items").get(0).get("source").asText()).isEqualTo(Redactor.redact("postgres://app:pw-in-url@db:5432/x"))
                .doesNotContain("pw-in-url");
    }

    @Test
    void textIsTheDefaultAndWritesNothing() {
        ResultOutput output = ResultOutput.of(null, null, out);
        assertThat(output.format()).isEqualTo(ResultOutput.Format.TEXT);
        assertThat(output.documentOnStandardOutput()).isFalse();
        assertThat(output.write(DOC)).isNull();
        assertThat(stdout.size()).isZero();
    }

    @Test
    void anOutputFileImpliesJsonAndKeepsStandardOutputForTheTable() throws Exception {
        Path file = dir.resolve("reports/copies.json");
        ResultOutput output = ResultOutput.of(null, file, out);
        assertThat(output.format()).isEqualTo(ResultOutput.Format.JSON);
        assertThat(output.documentOnStandardOutput()).isFalse();

        assertThat(output.write(DOC)).isEqualTo(file);
        assertThat(stdout.size()).isZero();
        assertThat(Json.MAPPER.readTree(file.toFile()).get("schema").asText()).isEqualTo("dbrestore/test/v1");
        try (var files = Files.list(file.getParent())) {
            assertThat(files).containsExactly(file); // no temporary file left beside it
        }
    }

    @Test
    void mistakesNameTheProperty() {
        assertThatThrownBy(() -> ResultOutput.of("xml", null, out)).isInstanceOf(UserError.class)
                .hasMessage("-Ddbrestore.output must be text or json, got 'xml'");
        assertThatThrownBy(() -> ResultOutput.of("text", dir.resolve("x.json"), out)).isInstanceOf(UserError.class)
                .hasMessageContaining("-Ddbrestore.outputFile writes the JSON document");
        Path notAFolder = dir.resolve("file");
        assertThatThrownBy(() -> {
            Files.writeString(notAFolder, "x");
            ResultOutput.of("json", notAFolder.resolve("x.json"), out).write(DOC);
        }).isInstanceOf(UserError.class).hasMessageContaining("-Ddbrestore.outputFile=");
    }
}
