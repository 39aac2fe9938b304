package dev.dbrestore.sanitize;

import dev.dbrestore.archive.DumpProbe;
import dev.dbrestore.archive.Toc;
import dev.dbrestore.sanitize.SchemaCatalog.Column;
import dev.dbrestore.sanitize.SchemaCatalog.Table;
import dev.dbrestore.testing.Fixtures;
import dev.dbrestore.testing.TestPg;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The schema read from a dump's TOC alone equals the one the server reports after a restore of the
 * same dump: the same tables (partitions marked), the same columns, and the same verdict on what is
 * text-like, which is what piiCheck: strict decides on.
 */
class TocSchemaTest {
    @RegisterExtension
    static final TestPg.Databases DBS = TestPg.databases("t_tocschema_");

    private static Toc toc(Path dump) throws Exception {
        try (InputStream in = Files.newInputStream(dump)) {
            return DumpProbe.probe(in).toc();
        }
    }

    /** One line per column: table, column, text-like, category, partition. */
    private static List<String> shape(SchemaCatalog catalog) {
        return catalog.tables().stream().sorted(java.util.Comparator.comparing(Table::display))
                .flatMap(t -> t.columns().stream().map(c -> describe(t, c))).toList();
    }

    private static String describe(Table t, Column c) {
        return t.display() + (t.partition() ? " (partition)" : "") + "." + c.name() + " " + c.baseType() + " "
                + c.category() + (c.category() == 'A' ? "/" + c.elementCategory() : "") + (c.isTextLike() ? " text-like" : "")
                + (c.notNull() ? " not null" : "") + (c.generated() ? " generated" : "") + " " + c.maxChars();
    }

    @ParameterizedTest
    @ValueSource(strings = {"acme-pg15.dump", "acme-pg17.dump", "acme-pg18.dump", "acme-pg19rc1.dump", "acme-pg15.tar"})
    void theTocsTablesAndColumnsAreTheRestoredDatabases(String fixture) throws Exception {
        TocSchema.Result fromToc = TocSchema.read(toc(Fixtures.acme(fixture)));

        SchemaCatalog restored;
        try (Connection c = TestPg.connect(DBS.copyOfAcme())) {
            restored = SchemaCatalog.load(c);
        }
        assertThat(fromToc.problems()).isEmpty();
        assertThat(shape(fromToc.catalog())).containsExactlyElementsOf(shape(restored));
        assertThat(fromToc.catalog().dependents(fromToc.catalog().resolve("auth_user"))).extracting(Table::display)
                .containsExactlyInAnyOrderElementsOf(restored.dependents(restored.resolve("auth_user")).stream()
                        .map(Table::display).toList());
    }

    @Test
    void pagilasTocReadsWithoutProblems() throws Exception {
        TocSchema.Result read = TocSchema.read(toc(Fixtures.pagila("pagila-pg17.dump")));

        assertThat(read.problems()).isEmpty();
        assertThat(read.catalog().tables()).isNotEmpty();
        // a domain over text is text: pagila's "year" domain is an integer, its mpaa_rating an enum
        Table film = read.catalog().resolve("film");
        assertThat(SchemaCatalog.column(film, "title").isTextLike()).isTrue();
        assertThat(SchemaCatalog.column(film, "release_year").category()).isEqualTo('N');
        assertThat(SchemaCatalog.column(film, "rating").category()).isEqualTo('E');
    }

    private static dev.dbrestore.archive.TocEntry entry(int id, String desc, String schema, String tag, String defn) {
        return new dev.dbrestore.archive.TocEntry(id, true, "1259", Integer.toString(10_000 + id), tag, desc, 2, defn,
                null, null, schema, null, null, 0, "owner", List.of(), 3, 0, null);
    }

    @Test
    void quotedNamesCommentsDomainsArraysAndInheritanceAreRead() {
        Toc toc = new Toc(List.of(
                entry(1, "DOMAIN", "crm", "email", "CREATE DOMAIN crm.email AS public.citext\n\tCONSTRAINT c CHECK ((VALUE ~ '@'::text));\n"),
                entry(2, "DOMAIN", "crm", "emails", "CREATE DOMAIN crm.emails AS crm.email[];\n"),
                entry(3, "TABLE", "crm", "Person", """
                        CREATE TABLE crm."Person" (
                            "Id" bigint NOT NULL, -- a comment, with a comma
                            "e,mail" crm.email,
                            "all" crm.emails DEFAULT '{}'::text[], /* (nested /* comment */ ) */
                            flag "char" DEFAULT 'x'::"char",
                            code character(2) COLLATE pg_catalog."C",
                            note character varying(40) DEFAULT 'a '','' b'::character varying,
                            body text COMPRESSION lz4,
                            age integer GENERATED ALWAYS AS ((1 + 1)) STORED,
                            CONSTRAINT "Person_check" CHECK ((("Id" > 0)))
                        );
                        ALTER TABLE ONLY crm."Person" ALTER COLUMN body SET STATISTICS 100;
                        """),
                entry(4, "TABLE", "crm", "vip", "CREATE TABLE crm.vip (\n    level integer\n)\nINHERITS (crm.\"Person\");\n")));

        TocSchema.Result read = TocSchema.read(toc);

        assertThat(read.problems()).isEmpty();
        Table person = read.catalog().resolve("crm.\"Person\"");
        assertThat(person.columns()).extracting(c -> c.name() + ":" + c.type() + ":" + c.baseType() + ":" + c.category()
                + (c.isTextLike() ? ":text" : "")).containsExactly(
                "Id:bigint:int8:N", "e,mail:crm.email:citext:S:text", "all:crm.emails:_citext:A:text",
                "flag:\"char\":char:S:text", "code:character(2):bpchar:S:text",
                "note:character varying(40):varchar:S:text", "body:text:text:S:text", "age:integer:int4:N");
        assertThat(SchemaCatalog.column(person, "note").maxChars()).isEqualTo(40);
        assertThat(SchemaCatalog.column(person, "age").generated()).isTrue();
        assertThat(read.catalog().resolve("crm.vip").columnNames())
                .containsExactly("Id", "e,mail", "all", "flag", "code", "note", "body", "age", "level");
    }

    @Test
    void aDefinitionThatIsNotAColumnListIsAProblemNotAGuess() {
        TocSchema.Result read = TocSchema.read(new Toc(List.of(
                entry(1, "TABLE", "public", "typed", "CREATE TABLE public.typed OF public.some_type;\n"))));

        assertThat(read.problems()).singleElement().asString()
                .contains("TABLE entry public.typed", "typed table");
        assertThat(read.catalog().tables()).isEmpty();
    }
}
