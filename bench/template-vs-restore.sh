#!/usr/bin/env bash
# template-vs-restore.sh — a restore served from the template cache against a full restore of the
# same backup, in the same run (issue 6: the template restore takes at most 5% of the full one).
#
#   SCALE=1100 bench/template-vs-restore.sh          (from the project folder)
#
# Generates the acme database at SCALE with acme/make-dumps.sh SET=custom (~0.9 MB of table data
# per scale unit; SCALE=1100 restores to a database of well over 1 GB) in a temporary folder, then
# restores that dump three times through the real pipeline (TemplateBenchmark): in full with the
# cache bypassed, in full keeping the template, and from the template; and times a bare
# CREATE DATABASE … TEMPLATE … STRATEGY FILE_COPY for comparison.
#
# Environment: SCALE (default 1100), ENGINE (auto | native | pg_restore, default auto),
#              KEEP_DUMP=1 keeps the generated dump (its path is printed), DUMP=FILE uses that dump
#              instead of generating one, FIXTURES (default ../shared/fixtures).
# Connection: PGHOST, PGPORT, PGUSER, PGPASSWORD (a superuser: make-dumps.sh creates roles and
# extensions); defaults are the test server's. Databases t_life_bench_* are dropped at the end.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
SCALE=${SCALE:-1100}
FIXTURES=${FIXTURES:-../shared/fixtures}
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-dbrestore_test}
export PGPASSWORD=${PGPASSWORD:-pw-for-tests-only}
export DBRESTORE_TEST_PGHOST=$PGHOST DBRESTORE_TEST_PGPORT=$PGPORT DBRESTORE_TEST_PGUSER=$PGUSER
export DBRESTORE_TEST_PGPASSWORD=$PGPASSWORD DBRESTORE_FIXTURES=$FIXTURES

work=$(mktemp -d "${TMPDIR:-/tmp}/dbrestore-bench.XXXXXX")
cleanup() {
  dropdb --if-exists t_life_bench_src 2>/dev/null || true
  if [ "${KEEP_DUMP:-0}" = 1 ]; then echo "dump kept: $work/acme-bench.dump"; else rm -rf "$work"; fi
}
trap cleanup EXIT

echo "== building"
mvn -B -o -q test-compile
mvn -B -o -q dependency:build-classpath -Dmdep.outputFile="$work/classpath.txt" >/dev/null
classpath="target/classes:target/test-classes:$(cat "$work/classpath.txt")"

dump=${DUMP:-$work/acme-bench.dump}
if [ -n "${DUMP:-}" ]; then
  echo "== using $DUMP"
else
  echo "== generating acme at SCALE=$SCALE"
  start=$(date +%s)
  DB=t_life_bench_src SCALE=$SCALE SET=custom PREFIX=acme-bench "$FIXTURES/acme/make-dumps.sh" "$work" 2>&1 | grep -v '^+' || true
  rm -f "$work/acme-bench-pipe.dump"
  dropdb --if-exists t_life_bench_src 2>/dev/null
  echo "   $(du -h "$dump" | cut -f1) dump in $(( $(date +%s) - start )) s"
fi

echo "== restoring (engine ${ENGINE:-auto})"
java -Xmx512m -Dengine="${ENGINE:-auto}" -cp "$classpath" dev.dbrestore.lifecycle.TemplateBenchmark "$dump" "$work/run"
