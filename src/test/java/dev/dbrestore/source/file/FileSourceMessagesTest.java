package dev.dbrestore.source.file;

import dev.dbrestore.support.UserError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Issue 17 item 9: "No dump matches" says whether the folder is missing or just holds no match. */
class FileSourceMessagesTest {
    @TempDir
    Path dir;

    @Test
    void aMissingFolderIsNamed() {
        assertThatThrownBy(() -> new FileSource("dumps/*.dump", dir, dir).list())
                .isInstanceOf(UserError.class)
                .hasMessageContaining("No dump matches dumps/*.dump")
                .hasMessageEndingWith("the folder " + dir.resolve("dumps") + " does not exist");
        assertThatThrownBy(() -> new FileSource("~/nowhere/latest.dump", dir, dir).list())
                .hasMessageEndingWith("the folder " + dir.resolve("nowhere") + " does not exist");
    }

    @Test
    void anExistingFolderWithoutAMatchSaysSo() throws Exception {
        Files.createDirectory(dir.resolve("dumps"));
        Files.writeString(dir.resolve("dumps/notes.txt"), "x");
        assertThatThrownBy(() -> new FileSource("dumps/*.dump", dir, dir).list())
                .hasMessageEndingWith("nothing in " + dir.resolve("dumps") + " matches");
        assertThatThrownBy(() -> new FileSource("dumps/latest.dump", dir, dir).list())
                .hasMessageEndingWith("there is no such file or folder");
    }
}
