package dev.dbrestore.config;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Tests of {@link Suggestion}, the "did you mean" of unknown keys. */
class ConfigSuggestionTest {
    private static final List<String> PROFILE_KEYS = ProfileReader.KEYS;

    @Test
    void nearMissesWithinTwoEditsAreFound() {
        assertThat(Suggestion.closest("sanitise", PROFILE_KEYS)).hasValue("sanitize");
        assertThat(Suggestion.closest("sensitve", PROFILE_KEYS)).hasValue("sensitive");
        assertThat(Suggestion.closest("souce", PROFILE_KEYS)).hasValue("source");
        assertThat(Suggestion.closest("prefx", List.of("bucket", "key", "prefix", "glob"))).hasValue("prefix");
        assertThat(Suggestion.closest("verfiy", PROFILE_KEYS)).as("a swap is one edit").hasValue("verify");
    }

    @Test
    void caseAndSeparatorsDoNotCount() {
        assertThat(Suggestion.closest("default_profile", ConfigReader.KEYS)).hasValue("defaultProfile");
        assertThat(Suggestion.closest("on-exists", ConfigReader.KEYS)).hasValue("onExists");
        assertThat(Suggestion.closest("PIICHECK", ConfigReader.KEYS)).hasValue("piiCheck");
    }

    @Test
    void prefixesAreFound() {
        assertThat(Suggestion.closest("excludeTable", PROFILE_KEYS)).hasValue("excludeTableData");
        assertThat(Suggestion.closest("safeColumnsList", PROFILE_KEYS)).hasValue("safeColumns");
    }

    @Test
    void unrelatedWordsGetNoSuggestion() {
        assertThat(Suggestion.closest("colour", List.of("app", "backup", "serverId", "apiUrl"))).isEmpty();
        assertThat(Suggestion.closest("database", PROFILE_KEYS)).isEmpty();
    }

    @Test
    void distanceCountsInsertionsDeletionsSubstitutionsAndSwaps() {
        assertThat(Suggestion.distance("kitten", "sitting")).isEqualTo(3);
        assertThat(Suggestion.distance("ab", "ba")).isEqualTo(1);
        assertThat(Suggestion.distance("", "abc")).isEqualTo(3);
    }
}
