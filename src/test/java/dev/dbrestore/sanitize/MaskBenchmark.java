package dev.dbrestore.sanitize;

import dev.dbrestore.config.MaskRule.Constant;
import dev.dbrestore.config.MaskRule.Strategy;
import dev.dbrestore.config.MaskRule;
import dev.dbrestore.db.ConnectionSettings;
import dev.dbrestore.db.PgAdmin;
import dev.dbrestore.support.Progress;
import dev.dbrestore.testing.TestPg;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Benchmark (run by bench/mask-vs-psql.sh, not by the test suite): masking N auth_user rows with
 * four column rules through the Masker, against the equivalent hand-written single UPDATE run
 * through psql, in the same run, on fresh copies of the same table, alternating which goes first.
 */
public final class MaskBenchmark {
    private static final String PASSWORD = "pbkdf2_sha256$600000$fixture$dGhpcyBpcyBub3QgYSByZWFsIGhhc2g=";
    private static final String SALT = "bench-salt";

    private MaskBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        TestPg.Databases dbs = TestPg.databases("t_san_bench_");
        String template = dbs.newName();
        try (dbs; PgAdmin admin = TestPg.admin()) {
            admin.create(template);
            long t0 = System.nanoTime();
            fill(template, rows);
            System.out.printf("setup: %,d auth_user rows in %d ms%n", rows, (System.nanoTime() - t0) / 1_000_000);

            List<MaskRule> rules = List.of(new MaskRule("auth_user", List.of(
                    new Strategy("first_name", Strategy.Kind.FIRST_NAME), new Strategy("last_name", Strategy.Kind.LAST_NAME),
                    new Strategy("email", Strategy.Kind.EMAIL), new Constant("password", PASSWORD)), null, MaskRule.TableAction.UPDATE));
            Pseudonyms key = new Pseudonyms(SALT);
            // the same functions and key in one psql session (a benchmark salt, so inlining the key is harmless here)
            String session = MaskFunctions.definitions() + "SELECT set_config('" + MaskFunctions.INNER + "', '"
                    + key.innerPadHex() + "', false), set_config('" + MaskFunctions.OUTER + "', '" + key.outerPadHex()
                    + "', false);\n";
            String handWritten = session + "UPDATE auth_user SET first_name = pg_temp.dbrestore_first_name(first_name), "
                    + "last_name = pg_temp.dbrestore_last_name(last_name), email = pg_temp.dbrestore_email(email), "
                    + "password = '" + PASSWORD + "'";

            List<Long> masker = new ArrayList<>();
            List<Long> psql = new ArrayList<>();
            List<Long> generatedViaPsql = new ArrayList<>();
            String generated = null;
            for (int round = 0; round < rounds; round++) {
                String a = clone(admin, template, dbs);
                String b = clone(admin, template, dbs);
                String c = clone(admin, template, dbs);
                boolean maskerFirst = round % 2 == 0;
                if (!maskerFirst) {
                    psql.add(viaPsql(b, handWritten));
                }
                checkpoint(admin);
                long start = System.nanoTime();
                try (Connection connection = TestPg.connect(a)) {
                    List<MaskStatement> plan = new MaskPlanner(SchemaCatalog.load(connection), key).prepare(connection, rules);
                    generated = plan.get(0).sql();
                    new Masker(connection, Progress.silent()).apply(plan, dev.dbrestore.support.MaskedValueSink.NONE);
                }
                masker.add((System.nanoTime() - start) / 1_000_000);
                if (maskerFirst) {
                    checkpoint(admin);
                    psql.add(viaPsql(b, handWritten));
                }
                checkpoint(admin);
                generatedViaPsql.add(viaPsql(c, session + generated));
                System.out.printf("round %d: masker %d ms, psql with the functions called directly %d ms, psql with the masker's SQL %d ms%n",
                        round + 1, masker.get(round), psql.get(round), generatedViaPsql.get(round));
                for (String db : List.of(a, b, c)) {
                    admin.dropForce(db);
                }
            }
            long m = median(masker);
            long p = median(psql);
            System.out.printf("median of %d: masker %d ms, the same UPDATE written by hand via psql %d ms, ratio %.2f (limit 1.20); "
                    + "psql running the masker's own SQL %d ms%n", rounds, m, p, (double) m / p, median(generatedViaPsql));
            System.out.println("masker SQL: " + generated);
            System.out.println("hand-written SQL: " + handWritten);
        }
    }

    /** An auth_user like acme's (same columns, keys and indexes), names from the fixture's lists. */
    private static void fill(String database, int rows) throws SQLException {
        TestPg.execute(database, """
                CREATE TABLE auth_user (
                  id integer GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, username varchar(150) NOT NULL UNIQUE,
                  first_name varchar(150) NOT NULL, last_name varchar(150) NOT NULL, email varchar(254) NOT NULL,
                  phone varchar(32), password varchar(128) NOT NULL, is_staff boolean NOT NULL DEFAULT false,
                  date_joined timestamptz NOT NULL)""",
                "CREATE UNIQUE INDEX auth_user_email_lower_uniq ON auth_user (lower((email)::text))",
                "CREATE INDEX auth_user_staff_idx ON auth_user (date_joined) WHERE is_staff",
                """
                INSERT INTO auth_user (id, username, first_name, last_name, email, phone, password, is_staff, date_joined)
                SELECT g, 'user' || g,
                       (ARRAY['James','Mary','Robert','Patricia','John','Jennifer','Michael','Linda','David','Elizabeth',
                              'José','María','Zoë','François','Søren','Łukasz','Björk','Nguyễn','Renée','Ana-Lucía',
                              'Mohammed','Aiko','Chloé','Jürgen','Siobhán','Ólafur','Dmitri','Анна','太郎','지민',
                              'Amélie','Ngozi','Priya','Mateus','Ines','Kai','Noor','Émile','Rafał','Zuzana'])[1 + g % 40],
                       (ARRAY['Smith','Johnson','Williams','Brown','Jones','Garcia','Miller','Davis','Rodriguez','Martinez',
                              'O''Brien','van der Berg','Müller','Núñez','Sørensen','Kowalski','Dubois','Rossi','Yamada',
                              'Nakamura','Kim','Nguyen','Ivanova','Papadopoulos','Öztürk','Ibáñez','D''Angelo','Smith-Jones',
                              'Lefèvre','Åberg','Đorđević','山田','Иванов','MacDonald','de la Cruz','Chen','Wang','Patel',
                              'Okafor','Fitzgerald'])[1 + (g / 40) % 40],
                       'user' || g || '@example.' || (ARRAY['com','org','net'])[1 + g % 3],
                       '+1 555-01' || lpad((g % 100)::text, 2, '0') || '-' || lpad((g % 10000)::text, 4, '0'),
                       'pbkdf2_sha256$600000$' || md5(g::text), g % 25 = 1,
                       timestamptz '2020-01-01' + g * interval '1 minute'
                  FROM generate_series(1, ROWS) g""".replace("ROWS", Integer.toString(rows)),
                "VACUUM ANALYZE auth_user");
    }

    private static String clone(PgAdmin admin, String template, TestPg.Databases dbs) {
        String name = dbs.newName();
        admin.createFromTemplate(name, template, false);
        return name;
    }

    private static void checkpoint(PgAdmin admin) throws SQLException {
        try (Statement s = admin.connection().createStatement()) {
            s.execute("CHECKPOINT");
        }
    }

    /** Wall time of one psql process running {@code sql} (connection start-up included, as a user would run it). */
    private static long viaPsql(String database, String sql) throws IOException, InterruptedException {
        ConnectionSettings server = TestPg.server();
        ProcessBuilder pb = new ProcessBuilder("psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-c", sql).inheritIO();
        pb.environment().putAll(server.libpqEnvironment(database));
        long start = System.nanoTime();
        int exit = pb.start().waitFor();
        long millis = (System.nanoTime() - start) / 1_000_000;
        if (exit != 0) {
            throw new IllegalStateException("psql failed with exit code " + exit);
        }
        return millis;
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
