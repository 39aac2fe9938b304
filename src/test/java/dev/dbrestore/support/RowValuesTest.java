package dev.dbrestore.support;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

/** The texts PostgreSQL, pgjdbc, psql and pg_restore really print, with the values withheld and the names kept. */
class RowValuesTest {

    @Test
    void detailAndFailingRowsAreWithheld() {
        String psql = "psql:<stdin>:2896: ERROR:  null value in column \"last_name\" of relation \"auth_user\" violates not-null constraint\n"
                + "DETAIL:  Failing row contains (2, user2, Mateus, null, user2@example.net, +1 555-0113-9887).\n"
                + "CONTEXT:  COPY auth_user, line 2: \"2\tuser2\tMateus\t\\N\tuser2@example.net\t+1 555-0113-9887\"";
        String out = RowValues.withheld(psql);
        assertThat(out).doesNotContain("user2@example.net", "555-0113", "Mateus")
                .contains("column \"last_name\" of relation \"auth_user\"", "COPY auth_user, line 2", "psql:<stdin>:2896");
    }

    @Test
    void keysAndCopyColumnsAndInputValuesAreWithheld() {
        assertThat(RowValues.withheld("ERROR: could not create unique index \"auth_user_email_key\"\n  Detail: Key (email)=(jane@example.com) is duplicated."))
                .doesNotContain("jane@example.com").contains("auth_user_email_key");
        assertThat(RowValues.withheld("Key (email)=(jane@example.com) already exists."))
                .isEqualTo("Key (email)=" + RowValues.WITHHELD + " already exists.");
        assertThat(RowValues.withheld("ERROR: invalid input syntax for type timestamp with time zone: \"jane@example.com\" "
                + "[COPY auth_user, line 5, column date_joined: \"jane@example.com\"]"))
                .doesNotContain("jane@example.com")
                .contains("invalid input syntax for type timestamp with time zone", "COPY auth_user, line 5, column date_joined");
        assertThat(RowValues.withheld("ERROR: value \"99999999999\" is out of range for type integer")).doesNotContain("99999999999");
        assertThat(RowValues.withheld("LINE 1: INSERT INTO auth_user VALUES (1, 'jane@example.com');"))
                .doesNotContain("jane@example.com");
    }

    /** Found by the fault-injection suite: a connection lost during an INSERT of an --inserts dump quoted the row. */
    @Test
    void theRowsOfAQuotedInsertAreWithheld() {
        String nativeEngine = "Restoring line 2887 of acme.sql failed: FATAL: terminating connection due to administrator command "
                + "(SQLSTATE 57P01). Command was: INSERT INTO public.auth_user VALUES (1, 'user1', 'Am\u00e9lie', 'user1@example.net', '+1 555-0149-...";
        String out = RowValues.withheld(nativeEngine);
        assertThat(out).doesNotContain("user1@example.net", "555-0149", "'user1'")
                .endsWith("Command was: INSERT INTO public.auth_user VALUES " + RowValues.WITHHELD);
        assertThat(RowValues.withheld(out)).as("withholding twice changes nothing").isEqualTo(out);
        String multiRow = "pg_restore: error: could not execute query: no connection to the server\n"
                + "Command was: INSERT INTO public.\"Order Items\" (\"Item ID\", \"SKU\") VALUES\n\t(1, 'jane@example.com'),\n"
                + "\t(2, 'joe@example.com');\npg_restore: error: could not execute query: no connection to the server";
        assertThat(RowValues.withheld("Command was: SELECT pg_catalog.lowrite(0, '\\x44656172204a616e65');"))
                .isEqualTo("Command was: SELECT pg_catalog.lowrite(0, " + RowValues.WITHHELD + ");");
        assertThat(RowValues.withheld("Command was: SELECT pg_catalog.lowrite(0, '\\x44656172204a61..."))
                .isEqualTo("Command was: SELECT pg_catalog.lowrite(0, " + RowValues.WITHHELD);
        assertThat(RowValues.withheld(multiRow)).doesNotContain("example.com")
                .contains("INSERT INTO public.\"Order Items\" (\"Item ID\", \"SKU\") VALUES " + RowValues.WITHHELD + "\npg_restore: error:");
    }

    @Test
    void namesAndOurOwnMessagesStayAsTheyAre() {
        String ours = "sanitize failed in sql/02-broken.sql line 2: ERROR: column \"emial\" of relation \"auth_user\" does not exist";
        assertThat(RowValues.withheld(ours)).isEqualTo(ours);
        String missing = "Database 'acme_prod' does not exist on dbrestore_test@127.0.0.1:5432.";
        assertThat(RowValues.withheld(missing)).isEqualTo(missing);
    }

    @Test
    void theCauseChainThatDashXPrintsHoldsNoValue() {
        SQLException server = new SQLException("ERROR: invalid input syntax for type integer: \"jane@example.com\"", "22P02",
                new SQLException("Detail: Key (email)=(jane@example.com) already exists."));
        Fault fault = new Fault("The restore failed at table auth_user", server);
        StringWriter printed = new StringWriter();
        fault.printStackTrace(new PrintWriter(printed));
        assertThat(printed.toString()).doesNotContain("jane@example.com")
                .contains("java.sql.SQLException", "invalid input syntax for type integer", "RowValuesTest.java");
    }
}
