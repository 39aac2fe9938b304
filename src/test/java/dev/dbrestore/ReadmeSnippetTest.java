package dev.dbrestore;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's build snippet is the one the {@code build-snippet} invoker IT runs (twice, and once
 * with a failing IT): the two must stay equal, so the README never again shows a block that does
 * not work as written.
 */
class ReadmeSnippetTest {
    private static final String BEGIN = "<!-- README snippet begin -->\n";
    private static final String END = "<!-- README snippet end -->";

    @Test
    void theReadmeBuildSnippetIsTheOneTheInvokerItRuns() throws Exception {
        String pom = Files.readString(Path.of("src/it/build-snippet/pom.xml"));
        String tested = pom.substring(pom.indexOf(BEGIN) + BEGIN.length(), pom.indexOf(END));

        String readme = Files.readString(Path.of("README.md"));
        int section = readme.indexOf("## Using it in a build");
        int start = readme.indexOf("```xml\n", section) + "```xml\n".length();
        String shown = readme.substring(start, readme.indexOf("```", start));

        assertThat(section).isPositive();
        assertThat(normalize(shown)).isEqualTo(normalize(tested));
        assertThat(tested).contains("<thisBuild>true</thisBuild>", "<goal>integration-test</goal>",
                "${dbrestore.jdbcUrl}", "${dbrestore.user}", "${env.PGPASSWORD}");
    }

    /** The plugin's own version is filtered into the IT pom; the README names the released one. */
    private static String normalize(String xml) {
        return xml.replaceFirst("(<artifactId>dbrestore-maven-plugin</artifactId>\\s*<version>)[^<]*(</version>)",
                "$1VERSION$2").strip();
    }
}
