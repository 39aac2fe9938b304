-- Statements that are easy to split wrongly. PlainDumpsSplitLikePsqlTest runs this file through psql
-- and the lexer; errors of the statements (missing tables and the like) do not matter.
SELECT 'it''s; fine', "odd;""name" FROM (SELECT 1) AS "odd;""name"; /* block; /* nested; */ still; */
SELECT E'back\'slash;', e'\\', E'\\\'; still a string', U&'d\0061t;a', B'1010', X'1F';
SELECT 1 -- a comment inside; stays
  + 1;
CREATE TABLE splitting_t (x text, "begin" int);
CREATE RULE r AS ON INSERT TO splitting_t DO ALSO (SELECT 1; SELECT 2);
CREATE FUNCTION public.nested_quotes() RETURNS text
    LANGUAGE plpgsql
    AS $a$
BEGIN
  EXECUTE $b$ SELECT 'x;' $not$ ; $b$;
GRANT SELECT ON public.splitting_t TO PUBLIC;
  RETURN $$it's; "quoted"$$ || $x$;$x$;
END
$a$;
SELECT $a$ x $b$a$, $1$, 1 AS a$b;
CREATE FUNCTION public.add_one(i integer) RETURNS integer
    LANGUAGE sql
    BEGIN ATOMIC
 SELECT CASE WHEN (i > 0) THEN (i + 1) ELSE 0 END AS "case";
END;
CREATE OR REPLACE PROCEDURE public.insert_two()
    LANGUAGE sql
    BEGIN ATOMIC
 INSERT INTO public.splitting_t (x) VALUES ('a;b');
 INSERT INTO public.splitting_t (x) VALUES ('end');
END;
CREATE TABLE begin_log (begin int, "end" int);
BEGIN;
SELECT 'end';
END;
SET standard_conforming_strings = off;
SELECT 'a\';b', 'c\\';
SET standard_conforming_strings = on;
SELECT 'c\';
COPY splitting_t (x) FROM stdin;
a;b
'quoted
\.
SELECT 'after copy';
SELECT 'no semicolon at the end'
