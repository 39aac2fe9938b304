#!/usr/bin/env bash
# stream-vs-curl.sh — issue 3's benchmark: `mvn dbrestore:restore` streaming a 1 GB dump from a
# local HTTP server with MAVEN_OPTS=-Xmx128m, against `curl URL | pg_restore` on the same dump in
# the same run (target: the plugin's wall time within 1.1x, its heap under 128 MB).
#
#   bench/stream-vs-curl.sh                 (from the project folder)
#
# Generates the acme database at SCALE with acme/make-dumps.sh and dumps it uncompressed
# (pg_dump -Fc -Z0; SCALE=1300 gives a dump of about 1.1 GB), serves OUT with
# bench/StaticFileServer.java (JDK only), installs the plugin into the local Maven repository and
# restores through a throw-away consumer project, RUNS times each, alternating which goes first:
#   curl -sSf URL | pg_restore --no-owner --no-privileges -d DB          (one connection)
#   MAVEN_OPTS="-Xmx128m -Xlog:gc…" mvn -B -q dbrestore:restore -Dprofile=http   (plugin defaults)
# Prints wall times, the ratio, the highest heap occupancy the JVM's GC log saw, and compares
# the two copies with acme/checksums.sql.
#
# Environment: SCALE (default 1300), RUNS (default 3), OUT (default target/bench-stream),
#              REUSE=1 keeps an existing dump, ENGINE (plugin engine, default auto),
#              PORT (default 18089), FIXTURES (default ../shared/fixtures).
# Connection: PGHOST, PGPORT, PGUSER, PGPASSWORD (a superuser); defaults are the test server's.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
SCALE=${SCALE:-1300}
RUNS=${RUNS:-3}
OUT=${OUT:-target/bench-stream}
PORT=${PORT:-18089}
FIXTURES=$(cd "${FIXTURES:-../shared/fixtures}" && pwd)
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-dbrestore_test}
export PGPASSWORD=${PGPASSWORD:-pw-for-tests-only}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
name="acme-s$SCALE-z0.dump"
dump="$OUT/$name"

if [ "${REUSE:-0}" != 1 ] || [ ! -f "$dump" ]; then
  echo "== generating acme at SCALE=$SCALE"
  start=$(date +%s)
  DB=t_stream_bench_src SCALE=$SCALE SET=custom PREFIX="acme-s$SCALE" "$FIXTURES/acme/make-dumps.sh" "$OUT" 2>&1 | grep -v '^+' || true
  pg_dump -Fc -Z0 -f "$dump" t_stream_bench_src
  psql -X -At -d t_stream_bench_src -c "SELECT 'source database: ' || pg_size_pretty(pg_database_size(current_database()))"
  dropdb --if-exists t_stream_bench_src
  rm -f "$OUT/acme-s$SCALE-pipe.dump"
  echo "   took $(( $(date +%s) - start )) s"
fi
echo "== dump: $dump ($(du -h "$dump" | cut -f1), $(stat -c %s "$dump") bytes)"

echo "== installing the plugin into the local repository"
. bench/consumer-project.sh
project="$OUT/project"
consumer_project "$project" stream
cat > "$project/restore-profiles.yml" <<EOF
version: 1
project: t_stream
target: { host: "\${env:PGHOST}", port: "\${env:PGPORT}", user: "\${env:PGUSER}" }
naming: "{project}_{profile}"
profiles:
  http:
    source:
      url: http://127.0.0.1:$PORT/$name
EOF

java bench/StaticFileServer.java "$OUT" "$PORT" &
server=$!
trap 'kill $server 2>/dev/null || true; dropdb --if-exists t_stream_curl; dropdb --if-exists t_stream_http' EXIT
for _ in $(seq 1 50); do curl -sfI "http://127.0.0.1:$PORT/$name" >/dev/null && break; sleep 0.2; done

now() { date +%s.%N; }
declare -a curl_times plugin_times

run_curl() {
  dropdb --if-exists t_stream_curl; createdb -T template0 -E UTF8 t_stream_curl
  psql -X -q -d postgres -c CHECKPOINT
  local s; s=$(now)
  curl -sSf "http://127.0.0.1:$PORT/$name" | pg_restore --no-owner --no-privileges -d t_stream_curl
  local t; t=$(echo "$(now) - $s" | bc)
  curl_times+=("$t"); printf '   curl | pg_restore   %6.2f s\n' "$t"
}
run_plugin() {
  dropdb --if-exists t_stream_http
  psql -X -q -d postgres -c CHECKPOINT
  local s; s=$(now)
  (cd "$project" && MAVEN_OPTS="-Xmx128m -Xlog:gc:file=$OUT/gc-$1.log" \
     mvn -B -q dbrestore:restore -Dprofile=http -Ddbrestore.engine="${ENGINE:-auto}" > "$OUT/plugin-$1.log" 2>&1) \
     || { echo "plugin run failed:"; tail -20 "$OUT/plugin-$1.log"; exit 1; }
  local t; t=$(echo "$(now) - $s" | bc)
  # GC log: the highest heap occupancy seen before a collection, and the most that survived one
  local peak live
  peak=$(grep -oE '[0-9]+M->[0-9]+M' "$OUT/gc-$1.log" | cut -d- -f1 | tr -d M | sort -n | tail -1)
  live=$(grep -oE '[0-9]+M->[0-9]+M' "$OUT/gc-$1.log" | cut -d'>' -f2 | tr -d M | sort -n | tail -1)
  plugin_times+=("$t")
  printf '   mvn dbrestore:restore %6.2f s  (-Xmx128m: heap peak %s MB, live after GC at most %s MB)\n' "$t" "${peak:-?}" "${live:-?}"
}

for run in $(seq 1 "$RUNS"); do
  echo "== run $run"
  if [ $((run % 2)) = 1 ]; then run_curl; run_plugin "$run"; else run_plugin "$run"; run_curl; fi
done

median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
mc=$(median "${curl_times[@]}"); mp=$(median "${plugin_times[@]}")
printf '== median: curl | pg_restore %.2f s, plugin %.2f s, ratio %.3f\n' "$mc" "$mp" "$(echo "$mp / $mc" | bc -l)"

echo "== comparing the two copies (checksums.sql)"
psql -X -At -F ' ' -d t_stream_curl -f "$FIXTURES/acme/checksums.sql" > "$OUT/curl.txt"
psql -X -At -F ' ' -d t_stream_http -f "$FIXTURES/acme/checksums.sql" > "$OUT/http.txt"
if diff -q "$OUT/curl.txt" "$OUT/http.txt" >/dev/null; then echo "   identical ($(wc -l < "$OUT/http.txt") checksums)"; else echo "   DIFFERENT"; diff "$OUT/curl.txt" "$OUT/http.txt" | head; exit 1; fi
psql -X -At -d t_stream_http -c "SELECT 'restored database: ' || pg_size_pretty(pg_database_size(current_database()))"
