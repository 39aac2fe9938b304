package dev.dbrestore.sanitize;

import dev.dbrestore.config.MaskRule;
import dev.dbrestore.config.MaskRule.ColumnRule;
import dev.dbrestore.config.MaskRule.Constant;
import dev.dbrestore.config.MaskRule.Strategy;
import dev.dbrestore.config.MaskRule.Strategy.Kind;
import dev.dbrestore.config.PiiCheckMode;
import dev.dbrestore.config.Profile;
import dev.dbrestore.config.Settings;
import dev.dbrestore.support.Progress;
import dev.dbrestore.testing.TestPg;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every built-in mask computed in the restore stream (Java, on COPY text) equals the same rule
 * computed by the UPDATE after the load (SQL), on the same rows: NULLs, empty strings, case
 * variants, non-ASCII, COPY escapes (tab, newline, backslash), values longer than one HMAC block,
 * varchar(n) and char(n), infinities, time zones, negative and fractional numbers.
 */
class StreamAndSqlMaskingTest {
    private static final String SALT = "s'alt \\ with $$ quotes";
    private static final AtomicInteger TABLES = new AtomicInteger();

    @RegisterExtension
    static final TestPg.Databases DBS = TestPg.databases("t_smask_");
    private static String db;

    @TempDir
    Path dir;

    @BeforeAll
    static void rows() throws Exception {
        db = DBS.create();
        TestPg.execute(db, """
                CREATE TABLE src (id int PRIMARY KEY, t text, v varchar(12), c char(8), u uuid, d date, ts timestamp,
                                  tz timestamptz, n numeric(12,3), i int4, b int8)""",
                """
                INSERT INTO src
                SELECT g,
                       CASE g % 12 WHEN 0 THEN NULL WHEN 1 THEN '' WHEN 2 THEN 'Alice' WHEN 3 THEN 'ALICE'
                            WHEN 4 THEN 'Zoë 山田 Анна' WHEN 5 THEN E'tab\\there\\nnew line \\\\ back'
                            WHEN 6 THEN '+1 (415) 555-' || lpad(g::text, 4, '0') WHEN 7 THEN '020 7946 ' || g
                            WHEN 8 THEN repeat('LongValue' || g, 9) WHEN 9 THEN 'user' || g || '@Example.COM'
                            WHEN 10 THEN '12' ELSE 'Person ' || g END,
                       CASE WHEN g % 5 = 0 THEN NULL ELSE 'v' || g END,
                       CASE WHEN g % 6 = 0 THEN NULL ELSE 'c' || (g % 50) END,
                       CASE WHEN g % 7 = 0 THEN NULL ELSE md5(g::text)::uuid END,
                       CASE g % 9 WHEN 0 THEN NULL WHEN 1 THEN 'infinity' WHEN 2 THEN '-infinity'
                            ELSE DATE '1999-12-31' + g * 37 END,
                       CASE g % 9 WHEN 0 THEN NULL WHEN 1 THEN 'infinity'
                            ELSE TIMESTAMP '2001-02-03 04:05:06.789' + g * interval '13 hours 7 minutes 0.123 seconds' END,
                       CASE g % 9 WHEN 0 THEN NULL WHEN 1 THEN '-infinity'
                            ELSE TIMESTAMPTZ '2020-03-28 23:30:00+00' + g * interval '11 hours 0.5 seconds' END,
                       CASE g % 8 WHEN 0 THEN NULL WHEN 1 THEN 'NaN' WHEN 2 THEN -g * 1.005 ELSE g * 123.457 END,
                       CASE WHEN g % 10 = 0 THEN NULL ELSE (g - 100) * 7 END,
                       CASE WHEN g % 10 = 0 THEN NULL ELSE g::int8 * 1000003 END
                  FROM generate_series(1, 240) g""");
    }

    static Stream<Arguments> rules() {
        return Stream.of(
                Arguments.of("email", new Strategy("t", Kind.EMAIL)),
                Arguments.of("email into varchar(12)", new Strategy("v", Kind.EMAIL)),
                Arguments.of("firstName", new Strategy("t", Kind.FIRST_NAME)),
                Arguments.of("lastName", new Strategy("t", Kind.LAST_NAME)),
                Arguments.of("fullName into char(8)", new Strategy("c", Kind.FULL_NAME)),
                Arguments.of("phone", new Strategy("t", Kind.PHONE)),
                Arguments.of("scramble", new Strategy("t", Kind.SCRAMBLE)),
                Arguments.of("hash", new Strategy("t", Kind.HASH)),
                Arguments.of("hash of a uuid", new Strategy("u", Kind.HASH)),
                Arguments.of("null", new Strategy("t", Kind.NULL)),
                Arguments.of("value cut to varchar(12)", new Constant("v", "a constant longer than twelve")),
                Arguments.of("value of a number", new Constant("n", "12.5")),
                Arguments.of("value null", new Constant("t", null)),
                Arguments.of("dateShift of a date", new Strategy("d", Kind.DATE_SHIFT, 30)),
                Arguments.of("dateShift of a timestamp", new Strategy("ts", Kind.DATE_SHIFT, 365)),
                Arguments.of("dateShift of a timestamptz", new Strategy("tz", Kind.DATE_SHIFT, 7)),
                Arguments.of("numberNoise of a numeric", new Strategy("n", Kind.NUMBER_NOISE, 10)),
                Arguments.of("numberNoise of an int4", new Strategy("i", Kind.NUMBER_NOISE, 50)),
                Arguments.of("numberNoise of an int8", new Strategy("b", Kind.NUMBER_NOISE, 5)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void theStreamAndTheUpdateGiveEqualValues(String name, ColumnRule rule) throws Exception {
        int n = TABLES.incrementAndGet();
        String viaSql = "s" + n;
        String viaStream = "j" + n;
        TestPg.execute(db, "CREATE TABLE " + viaSql + " (LIKE src INCLUDING ALL)", "INSERT INTO " + viaSql + " SELECT * FROM src",
                "CREATE TABLE " + viaStream + " (LIKE src INCLUDING ALL)");
        Settings settings = Profiles.settings(PiiCheckMode.OFF, SALT);

        StreamMasking masking = StreamMasking.of(TestPg.server(), db, profile(viaStream, rule), settings, dir, Progress.silent());
        try (Connection c = TestPg.connect(db)) {
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
            try (Statement s = c.createStatement()) {
                s.execute("SET TimeZone = 'Asia/Kolkata'"); // offsets like +05:30 in the COPY text
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            copy.copyOut("COPY src (id, t, v, c, u, d, ts, tz, n, i, b) TO STDOUT", out);
            CopyRowMask mask = masking.forTable("public", viaStream, List.of("id", "t", "v", "c", "u", "d", "ts", "tz", "n", "i", "b"),
                    StandardCharsets.UTF_8);
            assertThat(mask).as("the rule runs in the stream").isNotNull();
            ByteArrayOutputStream masked = new ByteArrayOutputStream();
            for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
                byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
                masked.write(mask.rewrite(bytes, bytes.length));
                masked.write('\n');
            }
            copy.copyIn("COPY " + viaStream + " (id, t, v, c, u, d, ts, tz, n, i, b) FROM STDIN",
                    new ByteArrayInputStream(masked.toByteArray()));
        }
        try (Connection c = TestPg.connect(db)) {
            new Sanitizer().sanitize(c, profile(viaSql, rule), settings, dir, Progress.silent());
        }

        String column = rule.column();
        assertThat(TestPg.queryOne(db, "SELECT count(*) FROM " + viaSql + " a JOIN " + viaStream + " b USING (id) "
                + "WHERE a." + column + " IS DISTINCT FROM b." + column)).as(name).isEqualTo("0");
        assertThat(TestPg.queryOne(db, "SELECT count(*) FROM " + viaStream)).isEqualTo("240");
        if (rule instanceof Strategy s && s.kind() != Kind.NULL && s.kind() != Kind.NUMBER_NOISE) {
            // the mask changed what it should: no non-empty, finite value kept
            String kept = TestPg.queryOne(db, "SELECT count(*) FROM src a JOIN " + viaStream + " b USING (id) WHERE a."
                    + column + " = b." + column + " AND a." + column + "::text NOT IN ('', 'infinity', '-infinity')"
                    + (s.kind() == Kind.PHONE ? " AND a." + column + " ~ '[0-9]'" : "")); // phone changes digits only
            assertThat(kept).as(name + ": values left as they were").isEqualTo("0");
        }
    }

    private static Profile profile(String table, ColumnRule rule) {
        return Profiles.profile(List.of(), List.of(new MaskRule(table, List.of(rule), null, MaskRule.TableAction.UPDATE)),
                List.of(), Map.of());
    }

    @Test
    void dateShiftStaysWithinItsRangeAndNumberNoiseWithinItsPercentage() {
        Pseudonyms p = new Pseudonyms(SALT);
        for (int day = 0; day < 2000; day++) {
            long shift = p.shift(day, 30);
            assertThat(shift).isBetween(-30L, 30L).isNotZero();
        }
        for (int v = 1000; v < 3000; v++) {
            long noisy = Long.parseLong(p.numberNoise(Integer.toString(v), 10));
            assertThat(noisy).isBetween(v * 9 / 10L, v * 11 / 10L + 1);
        }
    }

    @Test
    void phonesKeepTheirShapeAndUseThe555Exchange() {
        Pseudonyms p = new Pseudonyms(SALT);
        assertThat(p.phone("+1 (415) 867-5309")).matches("\\+\\d \\(\\d\\d\\d\\) 555-\\d{4}");
        assertThat(p.phone("0049 30 1234567")).matches("\\d{4} \\d\\d 555\\d{4}");
        assertThat(p.phone("12")).matches("\\d\\d");
        assertThat(Arrays.asList(p.phone("+1 (415) 867-5309"), p.phone("+1 (415) 867-5308"))).doesNotHaveDuplicates();
    }
}
