package dev.dbrestore.engine.pgrestore;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PlainScriptFilterTest {
    private final List<String> dropped = new ArrayList<>();
    private final List<String> hooked = new ArrayList<>();

    private String filter(String script, boolean oldServer) throws Exception {
        PlainScriptFilter f = new PlainScriptFilter(oldServer, line -> {
            hooked.add(line);
            return line.contains("heroku_ext") ? "CREATE SCHEMA IF NOT EXISTS heroku_ext;" : null;
        }, dropped::add);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        f.copy(new ByteArrayInputStream(script.getBytes(StandardCharsets.UTF_8)), "test.sql", out);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void dropsOwnershipAndPrivilegesButNeverCopyData() throws Exception {
        String script = """
                SET transaction_timeout = 0;
                CREATE TABLE public.t (x text);
                ALTER TABLE public.t OWNER TO acme_owner;
                GRANT SELECT ON TABLE public.t TO app_reader;
                COPY public.t (x) FROM stdin;
                GRANT SELECT ON TABLE looks like a statement but is data;
                ALTER TABLE x OWNER TO y;
                \\.
                REVOKE ALL ON SCHEMA billing FROM PUBLIC;
                CREATE EXTENSION IF NOT EXISTS citext WITH SCHEMA heroku_ext;
                CREATE POLICY p ON public.t FOR SELECT TO app_reader USING (true);
                """;
        String out = filter(script, true);
        assertThat(out).doesNotContain("SET transaction_timeout")
                .doesNotContain("ALTER TABLE public.t OWNER")
                .doesNotContain("GRANT SELECT ON TABLE public.t")
                .doesNotContain("REVOKE ALL")
                .contains("GRANT SELECT ON TABLE looks like a statement but is data;\nALTER TABLE x OWNER TO y;\n\\.\n")
                .contains("CREATE SCHEMA IF NOT EXISTS heroku_ext;\nCREATE EXTENSION IF NOT EXISTS citext WITH SCHEMA heroku_ext;");
        assertThat(dropped).hasSize(4);
        assertThat(hooked).hasSize(2);
        assertThat(filter("SET transaction_timeout = 0;\n", false)).contains("transaction_timeout");
    }

    @Test
    void veryLongLinesPassThroughUnchanged() throws Exception {
        String big = "x".repeat(3 << 20);
        String script = "COPY t (x) FROM stdin;\n" + big + "\n\\.\nGRANT ALL ON t TO u;\n";
        String out = filter(script, true);
        assertThat(out).isEqualTo("COPY t (x) FROM stdin;\n" + big + "\n\\.\n");
    }

    @Test
    void aGrantLineInsideAFunctionBodyIsPartOfTheFunction() throws Exception {
        String function = """
                CREATE FUNCTION public.grant_reader(r text) RETURNS void
                    LANGUAGE plpgsql
                    AS $$
                BEGIN
                  PERFORM 1;
                GRANT SELECT ON public.t TO app_reader;
                ALTER TABLE public.t OWNER TO acme_owner;
                END
                $$;""";
        String standard = """
                CREATE PROCEDURE public.p()
                    LANGUAGE sql
                    BEGIN ATOMIC
                 INSERT INTO public.t (x) VALUES ('a;b');
                 INSERT INTO public.t (x) VALUES ('c');
                END;""";
        String out = filter("\\restrict k\n" + function + "\nGRANT ALL ON FUNCTION public.grant_reader(text) TO app_reader;\n"
                + standard + "\n\\unrestrict k\n", true);
        assertThat(out).isEqualTo("\\restrict k\n" + function + "\n" + standard + "\n\\unrestrict k\n");
        assertThat(dropped).containsExactly("GRANT ALL ON FUNCTION public.grant_reader(text) TO app_reader;");
    }

    @Test
    void followsStandardConformingStringsOff() throws Exception {
        String script = "SET standard_conforming_strings = off;\nINSERT INTO t VALUES ('it\\'s;\nGRANT x');\nGRANT ALL ON t TO u;\n";
        String out = filter(script, true);
        assertThat(out).isEqualTo("SET standard_conforming_strings = off;\nINSERT INTO t VALUES ('it\\'s;\nGRANT x');\n");
    }

    @Test
    void aStatementLongerThanWhatIsHeldBackPassesThroughWhole() throws Exception {
        String insert = "INSERT INTO t VALUES ('" + "GRANT;".repeat(1 << 19) + "');";
        String script = "GRANT ALL ON t TO u;\n" + insert + "\nREVOKE ALL ON t FROM u;\n";
        assertThat(filter(script, true)).isEqualTo(insert + "\n");
        assertThat(dropped).hasSize(2);
    }
}
