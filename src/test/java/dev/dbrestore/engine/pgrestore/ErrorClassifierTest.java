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

    /** Found by the fault-injection suite: the lines of an INSERT's text (a value with a line break) are not kept. */
    @Test
    void theLinesOfAFailedInsertAreNotKept() {
        ErrorClassifier.Result result = ErrorClassifier.classify(List.of(
                "pg_restore: error: could not execute query: no connection to the server",
                "Command was: INSERT INTO public.document VALUES (1, 'first line of a letter',",
                "'Dear Jane Roe, 12 Elm Street');",
                "pg_restore: error: could not execute query: no connection to the server",
                "Command was: CREATE TABLE public.t (",
                "    id integer",
                ");"));
        assertThat(result.errors()).hasSize(2);
        assertThat(result.errors().get(0).text()).doesNotContain("Jane Roe").contains("INSERT INTO public.document");
        assertThat(result.errors().get(1).text()).contains("    id integer");
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
