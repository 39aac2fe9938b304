package dev.dbrestore.app;

import dev.dbrestore.config.OnExists;
import dev.dbrestore.db.PgAdmin;
import dev.dbrestore.lifecycle.Provenance;
import dev.dbrestore.naming.DatabaseName;
import dev.dbrestore.support.Declined;
import dev.dbrestore.testing.RecordingProgress;
import dev.dbrestore.testing.TestPg;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 17 item 6: at a real prompt for an existing copy the answers are replace, restore beside it,
 * or keep it; "keep" is the user's choice and ends as {@link Declined} (an info line, not BUILD FAILURE).
 */
class PromptAnswersTest {
    private final String name = TestPg.uniqueName("t_prompt_");
    private final List<String> asked = new ArrayList<>();

    @BeforeEach
    void anExistingCopy() {
        try (PgAdmin admin = TestPg.admin()) {
            admin.create(name);
            admin.comment(name, new Provenance(Provenance.FORMAT_VERSION, Provenance.COPY, "p", "local", "file:a.dump",
                    "a.dump", Instant.now().toString(), 1L, Instant.now().toString(), false, null, "native", "15").toJson());
        }
    }

    @AfterEach
    void drop() {
        try (PgAdmin admin = TestPg.admin()) {
            admin.dropForce(name);
        }
    }

    private CopyTarget.Choice answer(String a) {
        try (PgAdmin admin = TestPg.admin()) {
            Prompter prompter = (question, answers, defaultAnswer) -> {
                asked.add(question + " " + answers + " default " + defaultAnswer);
                return a;
            };
            return new CopyTarget(admin, prompter, new RecordingProgress())
                    .choose(DatabaseName.explicit(name), OnExists.PROMPT, false);
        }
    }

    @Test
    void yesReplaces() {
        assertThat(answer("y")).isEqualTo(new CopyTarget.Choice(DatabaseName.explicit(name), true));
        assertThat(asked).singleElement().asString()
                .contains("Replace it (y), restore beside it as " + name + "_2 (s), or keep it and stop (n)?")
                .endsWith("[y, s, n] default n");
    }

    @Test
    void sRestoresBesideIt() {
        assertThat(answer("s")).isEqualTo(new CopyTarget.Choice(DatabaseName.explicit(name + "_2"), false));
    }

    @Test
    void noKeepsItAndIsDeclinedNotAFailure() {
        assertThatThrownBy(() -> answer("n")).isInstanceOf(Declined.class)
                .hasMessageContaining("already exists and was kept, as answered")
                .hasMessageContaining("-Ddbrestore.onExists=overwrite or =suffix");
    }
}
