package dev.dbrestore.engine.pgrestore;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ErrorClassifierTest {
    @Test
    void knownNoiseIsHarmlessAndEverythingElseIsAnError() {
        List<String> stderr = List.of(
                "pg_restore: while PROCESSING TOC:",
                "pg_restore: from TOC entry 4242; 0 0 COMMENT EXTENSION plpgsql",
                "pg_restore: error: could not execute query: ERROR:  must be owner of extension plpgsql",
                "Command was: COMMENT ON EXTENSION plpgsql IS 'PL/pgSQL procedural language';",
                "",
                "pg_restore: from TOC entry 3532; 3256 16651 POLICY invoice invoice_reader_not_voided acme_owner",
                "pg_restore: error: could not execute query: ERROR:  role \"app_reader\" does not exist",
                "Command was: CREATE POLICY invoice_reader_not_voided ON billing.invoice FOR SELECT TO app_reader USING ((NOT voided));",
                "",
                "pg_restore: error: could not execute query: ERROR:  unrecognized configuration parameter \"transaction_timeout\"",
                "Command was: SET transaction_timeout = 0;",
                "pg_restore: warning: errors ignored on restore: 3");
        ErrorClassifier.Result result = ErrorClassifier.classify(stderr);
        assertThat(result.harmless()).hasSize(2);
        assertThat(result.errors()).singleElement().satisfies(p -> assertThat(p.text())
                .contains("role \"app_reader\" does not exist")
                .contains("POLICY invoice invoice_reader_not_voided")
                .contains("Command was: CREATE POLICY"));
        assertThat(result.failed()).isTrue();
    }

    @Test
    void psqlErrorsAreErrors() {
        ErrorClassifier.Result result = ErrorClassifier.classify(List.of(
                "psql:<stdin>:42: ERROR:  syntax error at or near \"FROBNICATE\"",
                "LINE 1: FROBNICATE;"));
        assertThat(result.errors()).singleElement().satisfies(p -> assertThat(p.text()).contains("LINE 1"));
    }

    @Test
    void truncatedArchiveIsAnError() {
        ErrorClassifier.Result result = ErrorClassifier.classify(List.of(
                "pg_restore: error: could not read from input file: end of file"));
        assertThat(result.failed()).isTrue();
    }
}
