package dev.dbrestore.source.command;

import dev.dbrestore.source.DumpInput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class CommandSourceTest {
    @TempDir
    Path dir;

    /** Issue 15, item 9: the command runs with English messages, whatever the user's locale. */
    @Test
    void theCommandRunsWithEnglishMessages() throws Exception {
        CommandSource source = new CommandSource("printf '%s|%s' \"$LC_MESSAGES\" \"$LC_ALL\"", dir);
        try (DumpInput input = source.open(source.list().get(0))) {
            assertThat(new String(input.stream().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("C|");
            input.finish();
        }
    }
}
