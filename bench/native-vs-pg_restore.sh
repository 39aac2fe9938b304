#!/usr/bin/env bash
# native-vs-pg_restore.sh — time the native engine against pg_restore on the same custom dump.
#
#   SCALE=600 bench/native-vs-pg_restore.sh          (from the project folder)
#
# Generates the acme database at SCALE (acme/make-dumps.sh SET=custom: ~0.9 MB of table data per
# scale unit, so SCALE=600 is about 550 MB) into database t_arch_bench_src, dumps it with the local
# pg_dump (-Fc, gzip), then restores the dump RUNS times with each engine, alternating which goes
# first, each into a fresh database with one connection:
#   pg_restore --no-owner --no-privileges -d DB FILE
#   java -Xmx256m ... NativeRestoreBench FILE DB
# Prints the wall times and the native engine's peak heap, and checks that both copies hold the
# same rows (acme checksums.sql). Connection: PGHOST, PGPORT, PGUSER, PGPASSWORD (a superuser).
#
# Environment: SCALE (default 600), RUNS (default 2), OUT (default target/bench),
#              NATIVE_JOBS=N also times the native engine with N connections (indexes in parallel),
#              REUSE=1 keeps an existing dump of that scale, FIXTURES (default ../shared/fixtures).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
SCALE=${SCALE:-600}
RUNS=${RUNS:-2}
OUT=${OUT:-target/bench}
FIXTURES=${FIXTURES:-../shared/fixtures}
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-dbrestore} PGPASSWORD=${PGPASSWORD:-dbrestore}
mkdir -p "$OUT"
dump="$OUT/acme-s$SCALE.dump"

echo "== building"
mvn -B -o -q test-compile
mvn -B -o -q dependency:build-classpath -Dmdep.outputFile="$OUT/classpath.txt" >/dev/null
classpath="target/classes:target/test-classes:$(cat "$OUT/classpath.txt")"

if [ "${REUSE:-0}" != 1 ] || [ ! -f "$dump" ]; then
  echo "== generating acme at SCALE=$SCALE"
  start=$(date +%s)
  DB=t_arch_bench_src SCALE="$SCALE" SET=custom PREFIX="acme-s$SCALE" "$FIXTURES/acme/make-dumps.sh" "$OUT" 2>/dev/null
  echo "   took $(( $(date +%s) - start )) s"
  psql -X -At -d t_arch_bench_src -c "SELECT 'table data in source: ' || pg_size_pretty(sum(pg_table_size(c.oid)))
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE c.relkind = 'r' AND n.nspname IN ('public', 'billing')"
  dropdb --if-exists t_arch_bench_src
  rm -f "$OUT/acme-s$SCALE-pipe.dump"
fi
echo "== dump: $dump ($(du -h "$dump" | cut -f1))"

fresh() { dropdb --if-exists "$1"; createdb -T template0 -E UTF8 "$1"; }
seconds() { local s; s=$(date +%s.%N); "$@" >/dev/null; echo "$(date +%s.%N) - $s" | bc; }

run_pg_restore() {
  fresh t_arch_bench_pgr
  local t; t=$(seconds pg_restore --no-owner --no-privileges -d t_arch_bench_pgr "$dump")
  printf '   pg_restore %.2f s\n' "$t"
}
run_native() {
  fresh t_arch_bench_nat
  java -Xmx256m -cp "$classpath" dev.dbrestore.engine.nativeengine.NativeRestoreBench "$dump" t_arch_bench_nat "${1:-1}" 2>/dev/null \
    | sed 's/^/   /'
}

for run in $(seq 1 "$RUNS"); do
  echo "== run $run"
  if [ $((run % 2)) = 1 ]; then run_pg_restore; run_native; else run_native; run_pg_restore; fi
done

if [ "${NATIVE_JOBS:-1}" -gt 1 ]; then
  echo "== native engine with $NATIVE_JOBS connections"
  run_native "$NATIVE_JOBS"
fi

echo "== comparing the two copies (checksums.sql)"
psql -X -At -F ' ' -d t_arch_bench_pgr -f "$FIXTURES/acme/checksums.sql" > "$OUT/pgr.txt"
psql -X -At -F ' ' -d t_arch_bench_nat -f "$FIXTURES/acme/checksums.sql" > "$OUT/nat.txt"
if diff -q "$OUT/pgr.txt" "$OUT/nat.txt" >/dev/null; then echo "   identical ($(wc -l < "$OUT/nat.txt") checksums)"; else echo "   DIFFERENT"; diff "$OUT/pgr.txt" "$OUT/nat.txt" | head; fi
psql -X -At -d t_arch_bench_nat -c "SELECT 'table data restored: ' || pg_size_pretty(sum(pg_table_size(c.oid)))
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind = 'r' AND n.nspname IN ('public', 'billing')"
dropdb --if-exists t_arch_bench_pgr
dropdb --if-exists t_arch_bench_nat
