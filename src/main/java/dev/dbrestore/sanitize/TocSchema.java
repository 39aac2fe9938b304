package dev.dbrestore.sanitize;

import dev.dbrestore.archive.Toc;
import dev.dbrestore.archive.TocEntry;
import dev.dbrestore.sanitize.DdlTokens.Token;
import dev.dbrestore.sanitize.SchemaCatalog.Column;
import dev.dbrestore.sanitize.SchemaCatalog.Table;
import dev.dbrestore.support.UserError;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The tables and columns of a dump, read from its TOC alone (no data, no database): the
 * {@code CREATE TABLE} of each TABLE entry, split by the one lexer and read token by token, with
 * types resolved through the dump's DOMAIN and TYPE entries (so a domain over text is text);
 * partitions from TABLE ATTACH, inherited columns from {@code INHERITS}, foreign keys from FK
 * CONSTRAINT entries (for a truncate's cascade). What cannot be read is reported, never guessed.
 */
final class TocSchema {
    /** Words that end a column's type in pg_dump's column definitions. */
    private static final Set<String> AFTER_TYPE = Set.of("not", "null", "default", "constraint", "collate", "generated",
            "check", "references", "primary", "unique", "compression", "storage");
    private static final Map<String, Character> BUILTIN = builtins();

    private final Map<String, String> domains = new HashMap<>();
    private final Map<String, Character> userTypes = new HashMap<>();
    private final Map<String, Parsed> tables = new LinkedHashMap<>();
    private final Set<String> partitions = new HashSet<>();
    private final Map<String, Set<String>> referencedBy = new HashMap<>();
    private final List<String> problems = new ArrayList<>();

    /** A TOC table, its own columns and the tables it inherits from. */
    private record Parsed(long oid, String schema, String name, char kind, List<Column> columns, List<String> parents) {
    }

    /** The catalog, and what could not be read (one line each, naming the TOC entry). */
    record Result(SchemaCatalog catalog, List<String> problems) {
    }

    private TocSchema() {
    }

    static Result read(Toc toc) {
        TocSchema schema = new TocSchema();
        for (TocEntry e : toc.entries()) {
            if (e.defn() == null || e.defn().isBlank()) {
                continue;
            }
            try {
                switch (e.desc()) {
                    case "DOMAIN" -> schema.domain(e);
                    case "TYPE" -> schema.type(e);
                    case "TABLE" -> schema.table(e);
                    case "TABLE ATTACH" -> schema.partitions.add(key(e.namespace(), e.tag()));
                    case "FK CONSTRAINT" -> schema.foreignKey(e);
                    default -> {
                    }
                }
            } catch (RuntimeException ex) {
                schema.problems.add("could not read the " + e.desc() + " entry " + e.qualifiedName() + " of the TOC: "
                        + ex.getMessage());
            }
        }
        return schema.build();
    }

    private static String key(String schema, String name) {
        return schema + "." + name;
    }

    private static List<DdlTokens> statements(TocEntry e) {
        return SqlFileStatement.split(e.defn(), "the TOC entry " + e.qualifiedName()).stream()
                .map(s -> DdlTokens.of(s.sql())).toList();
    }

    /** {@code CREATE DOMAIN s.d AS type ...}: the domain's base type, as written. */
    private void domain(TocEntry e) {
        DdlTokens t = statements(e).get(0);
        if (t.accept("CREATE", "DOMAIN") && t.qualifiedName() != null && t.accept("AS")) {
            domains.put(key(e.namespace(), e.tag()), typeText(typeTokens(t)));
        }
    }

    /** {@code CREATE TYPE s.t AS ENUM (...)}, a composite {@code AS (...)} or a {@code RANGE}. */
    private void type(TocEntry e) {
        DdlTokens t = statements(e).get(0);
        if (t.accept("CREATE", "TYPE") && t.qualifiedName() != null && t.accept("AS")) {
            Token kind = t.peek();
            userTypes.put(key(e.namespace(), e.tag()), kind == null ? 'U' : kind.is("ENUM") ? 'E'
                    : kind.is("RANGE") ? 'R' : kind.is("(") ? 'C' : 'U');
        }
    }

    private void table(TocEntry e) {
        DdlTokens t = statements(e).get(0);
        if (!t.accept("CREATE")) {
            throw new UserError("it does not start with CREATE");
        }
        t.accept("UNLOGGED");
        if (!t.accept("TABLE") || t.qualifiedName() == null) {
            throw new UserError("it is not a CREATE TABLE");
        }
        if (t.accept("OF") || t.peek() == null || !t.peek().is("(")) {
            throw new UserError("a typed table or a table without a column list is not read from the TOC");
        }
        t.next();
        List<Column> columns = new ArrayList<>();
        for (List<Token> item : t.parenthesizedList()) {
            if (item.isEmpty() || isTableConstraint(item.get(0))) {
                continue;
            }
            columns.add(column(item));
        }
        List<String> parents = new ArrayList<>();
        char kind = 'r';
        while (!t.atEnd()) {
            Token next = t.next();
            if (next.is("INHERITS") && t.peek() != null && t.peek().is("(")) {
                t.next();
                for (List<Token> parent : t.parenthesizedList()) {
                    parents.add(parent.size() >= 3 && parent.get(1).is(".")
                            ? key(parent.get(0).name(), parent.get(2).name()) : key("public", parent.get(0).name()));
                }
            } else if (next.is("PARTITION") && t.peek() != null && t.peek().is("BY")) {
                kind = 'p';
            }
        }
        long oid = parseOid(e.oid(), tables.size());
        tables.put(key(e.namespace(), e.tag()), new Parsed(oid, e.namespace(), e.tag(), kind, columns, parents));
    }

    private static boolean isTableConstraint(Token first) {
        return !first.quoted() && Set.of("constraint", "check", "unique", "primary", "foreign", "exclude", "like")
                .contains(first.text().toLowerCase(Locale.ROOT));
    }

    private Column column(List<Token> item) {
        Token name = item.get(0);
        DdlTokens rest = DdlTokens.over(item.subList(1, item.size()));
        List<Token> type = typeTokens(rest);
        boolean notNull = false;
        boolean generated = false;
        boolean identityAlways = false;
        List<Token> after = item.subList(1 + type.size(), item.size());
        for (int i = 0; i < after.size(); i++) {
            Token tok = after.get(i);
            if (tok.is("NOT") && i + 1 < after.size() && after.get(i + 1).is("NULL")) {
                notNull = true;
            } else if (tok.is("GENERATED") && i + 3 < after.size() && after.get(i + 2).is("AS")) {
                boolean identity = after.get(i + 3).is("IDENTITY");
                generated |= !identity;
                identityAlways |= identity && after.get(i + 1).is("ALWAYS");
            }
        }
        String text = typeText(type);
        Resolved base = resolve(text, 0);
        return new Column(name.name(), text, base.name(), base.category(), base.elementCategory(), notNull, generated,
                identityAlways, base.maxChars());
    }

    /** The type's tokens: up to the first constraint word at depth 0 (or the end). */
    private static List<Token> typeTokens(DdlTokens t) {
        List<Token> type = new ArrayList<>();
        int depth = 0;
        while (!t.atEnd()) {
            Token tok = t.peek();
            if (depth == 0 && !tok.quoted() && !tok.constant() && AFTER_TYPE.contains(tok.text().toLowerCase(Locale.ROOT))) {
                break;
            }
            depth += tok.is("(") || tok.is("[") ? 1 : tok.is(")") || tok.is("]") ? -1 : 0;
            type.add(t.next());
        }
        return type;
    }

    /** The type as pg_dump wrote it: {@code character varying(254)}, {@code public.money_amount}, {@code text[]}. */
    private static String typeText(List<Token> type) {
        StringBuilder s = new StringBuilder();
        Token previous = null;
        for (Token tok : type) {
            boolean glue = previous == null || tok.is(".") || tok.is("(") || tok.is(")") || tok.is("[") || tok.is("]")
                    || tok.is(",") || previous.is(".") || previous.is("(") || previous.is("[");
            s.append(glue ? "" : " ").append(tok.quoted() ? "\"" + tok.text().replace("\"", "\"\"") + "\"" : tok.text());
            previous = tok;
        }
        return s.toString();
    }

    private record Resolved(String name, char category, char elementCategory, int maxChars) {
    }

    /** A type's base name and pg_type category: domains followed, arrays by their element. */
    private Resolved resolve(String text, int depth) {
        String t = text.trim();
        if (t.endsWith("]")) {
            Resolved element = resolve(t.substring(0, t.indexOf('[')), depth + 1);
            return new Resolved("_" + element.name(), 'A', element.category(), 0);
        }
        int paren = t.indexOf('(');
        String bare = (paren < 0 ? t : t.substring(0, paren)).trim();
        int maxChars = 0;
        if (paren > 0 && t.endsWith(")")) {
            try {
                maxChars = Integer.parseInt(t.substring(paren + 1, t.length() - 1).trim());
            } catch (NumberFormatException ignored) {
                // numeric(12,2): no length
            }
        }
        String qualified = bare.contains(".") ? bare.replace("\"", "") : "public." + bare.replace("\"", "");
        if (domains.containsKey(qualified) && depth < 20) {
            return resolve(domains.get(qualified), depth + 1);
        }
        if (userTypes.containsKey(qualified)) {
            return new Resolved(qualified.substring(qualified.indexOf('.') + 1), userTypes.get(qualified), ' ', 0);
        }
        String simple = (bare.equals("\"char\"") ? "char_" : bare.substring(bare.lastIndexOf('.') + 1))
                .toLowerCase(Locale.ROOT);
        String name = switch (simple) {
            case "character varying", "varchar" -> "varchar";
            case "character", "char", "bpchar" -> "bpchar";
            case "char_" -> "char";
            case "bigint" -> "int8";
            case "integer", "int" -> "int4";
            case "smallint" -> "int2";
            case "boolean" -> "bool";
            case "real" -> "float4";
            case "double precision" -> "float8";
            case "decimal" -> "numeric";
            case "timestamp with time zone" -> "timestamptz";
            case "timestamp without time zone" -> "timestamp";
            case "time with time zone" -> "timetz";
            case "time without time zone" -> "time";
            case "bit varying" -> "varbit";
            default -> simple;
        };
        boolean sized = name.equals("varchar") || name.equals("bpchar");
        return new Resolved(name, BUILTIN.getOrDefault(name, 'U'), ' ', sized ? maxChars : 0);
    }

    private static Map<String, Character> builtins() {
        Map<String, Character> m = new HashMap<>();
        for (String s : List.of("text", "varchar", "bpchar", "char", "name", "citext")) {
            m.put(s, 'S');
        }
        for (String n : List.of("int2", "int4", "int8", "numeric", "float4", "float8", "money", "oid")) {
            m.put(n, 'N');
        }
        for (String d : List.of("date", "timestamp", "timestamptz", "time", "timetz")) {
            m.put(d, 'D');
        }
        m.put("bool", 'B');
        m.put("interval", 'T');
        m.put("bit", 'V');
        m.put("varbit", 'V');
        for (String i : List.of("inet", "cidr")) {
            m.put(i, 'I');
        }
        for (String g : List.of("point", "line", "lseg", "box", "path", "polygon", "circle")) {
            m.put(g, 'G');
        }
        for (String r : List.of("int4range", "int8range", "numrange", "tsrange", "tstzrange", "daterange")) {
            m.put(r, 'R');
        }
        return m;
    }

    /** {@code ALTER TABLE [ONLY] s.t ADD CONSTRAINT c FOREIGN KEY (...) REFERENCES s.u(...)}. */
    private void foreignKey(TocEntry e) {
        DdlTokens t = statements(e).get(0);
        if (!t.accept("ALTER", "TABLE")) {
            return;
        }
        t.accept("ONLY");
        String[] referencing = t.qualifiedName();
        if (referencing != null && t.skipPast("REFERENCES")) {
            String[] referenced = t.qualifiedName();
            if (referenced != null) {
                referencedBy.computeIfAbsent(key(schemaOr(referenced[0], e), referenced[1]), k -> new LinkedHashSet<>())
                        .add(key(schemaOr(referencing[0], e), referencing[1]));
            }
        }
    }

    private static String schemaOr(String schema, TocEntry e) {
        return schema != null ? schema : e.namespace() != null ? e.namespace() : "public";
    }

    private static long parseOid(String oid, int fallback) {
        try {
            return Long.parseLong(oid);
        } catch (RuntimeException e) {
            return -1L - fallback;
        }
    }

    private Result build() {
        Map<Long, Table> built = new LinkedHashMap<>();
        for (Map.Entry<String, Parsed> entry : tables.entrySet()) {
            Parsed p = entry.getValue();
            built.put(p.oid(), new Table(p.oid(), p.schema(), p.name(), p.kind(), partitions.contains(entry.getKey()),
                    allColumns(p, 0), List.of()));
        }
        Map<Long, Set<Long>> references = new HashMap<>();
        referencedBy.forEach((referenced, referencing) -> {
            Parsed target = tables.get(referenced);
            if (target != null) {
                for (String r : referencing) {
                    Parsed from = tables.get(r);
                    if (from != null && from.oid() != target.oid()) {
                        references.computeIfAbsent(target.oid(), k -> new LinkedHashSet<>()).add(from.oid());
                    }
                }
            }
        });
        return new Result(SchemaCatalog.of(built, references), List.copyOf(problems));
    }

    /** Inherited columns first (as the server lists them), then the table's own, each name once. */
    private List<Column> allColumns(Parsed p, int depth) {
        Map<String, Column> columns = new LinkedHashMap<>();
        if (depth < 20) {
            for (String parent : p.parents()) {
                Parsed parentTable = tables.get(parent);
                if (parentTable != null) {
                    allColumns(parentTable, depth + 1).forEach(c -> columns.putIfAbsent(c.name(), c));
                }
            }
        }
        p.columns().forEach(c -> columns.putIfAbsent(c.name(), c));
        return new ArrayList<>(columns.values());
    }
}
