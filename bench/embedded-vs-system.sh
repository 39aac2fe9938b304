#!/usr/bin/env bash
# embedded-vs-system.sh — the same restore, through `mvn dbrestore:restore` as a user runs it, into
# the embedded PostgreSQL (target: embedded) and into the system server, rotated, ROUNDS rounds.
#
#   SCALE=1100 bench/embedded-vs-system.sh          (from the project folder)
#
# Generates the acme database at SCALE on the system server (acme/make-dumps.sh SET=custom: ~0.9 MB
# of table data per scale unit, so SCALE=1100 is about 1 GB) and dumps it with the local pg_dump
# (-Fc). The dump's major is the system server's, so both targets run the same PostgreSQL major.
# Three targets, each in its own profile of a throw-away project in $OUT/project:
#   system    the system server (PGHOST/PGPORT/PGUSER/PGPASSWORD, a superuser), as it is configured
#   embedded  target: embedded with dbrestore's settings (fsync=off, synchronous_commit=off,
#             full_page_writes=off, wal_level=minimal, max_wal_senders=0, maintenance_work_mem=512MB)
#   durable   a second embedded server whose postgresql.conf gets PostgreSQL's defaults back for
#             those settings (fsync, full_page_writes, synchronous_commit on, wal_level replica,
#             max_wal_senders 10, maintenance_work_mem 64MB): what the fast settings buy
# One warm-up restore of each first (the embedded servers' first start: resolve, unpack, initdb),
# then ROUNDS rounds, the order rotated each round; prints each time, the paired ratios
# embedded/system and durable/embedded per round and their medians, and checks the copies' rows.
#
# Environment: SCALE (default 1100), ROUNDS (default 3), OUT (default target/bench-embedded),
#              REUSE=1 keeps an existing dump of that scale, FIXTURES (default ../shared/fixtures),
#              TARGETS (default "system embedded durable").
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$(pwd)
SCALE=${SCALE:-1100}
ROUNDS=${ROUNDS:-3}
OUT=${OUT:-target/bench-embedded}
FIXTURES=$(cd "${FIXTURES:-../shared/fixtures}" && pwd)
TARGETS=${TARGETS:-system embedded durable}
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-dbrestore_test} PGPASSWORD=${PGPASSWORD:-pw-for-tests-only}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
dump="$OUT/acme-s$SCALE.dump"
# as root the embedded servers run as nobody, who must reach their folder (root's home is 0700)
data=/var/tmp/dbrestore-bench-$(id -u)

echo "== machine: $(nproc) cores, $(free -g | awk '/Mem/ {print $2}') GB, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== building and installing the plugin"
mvn -B -q install -DskipTests -Dinvoker.skip=true

if [ "${REUSE:-0}" != 1 ] || [ ! -f "$dump" ]; then
  echo "== generating acme at SCALE=$SCALE"
  start=$(date +%s)
  DB=t_emb_bench_src SCALE="$SCALE" SET=custom PREFIX="acme-s$SCALE" "$FIXTURES/acme/make-dumps.sh" "$OUT" 2>/dev/null
  echo "   took $(( $(date +%s) - start )) s"
  psql -X -At -d t_emb_bench_src -c "SELECT 'table data in source: ' || pg_size_pretty(sum(pg_table_size(c.oid)))
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE c.relkind = 'r' AND n.nspname IN ('public', 'billing')"
  dropdb --if-exists t_emb_bench_src
  rm -f "$OUT/acme-s$SCALE-pipe.dump"
fi
echo "== dump: $dump ($(du -h "$dump" | cut -f1)), made by $(pg_dump --version)"

project="$OUT/project"
mkdir -p "$project"
version=$(sed -n 's:^  <version>\(.*\)</version>.*:\1:p' pom.xml | head -1)
cat > "$project/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>bench</groupId><artifactId>embedded-bench</artifactId><version>1</version><packaging>pom</packaging>
  <build><plugins><plugin>
    <groupId>dev.dbrestore</groupId><artifactId>dbrestore-maven-plugin</artifactId><version>$version</version>
  </plugin></plugins></build>
</project>
POM
cat > "$project/restore-profiles.yml" <<YML
version: 1
project: embbench
naming: "{project}_{profile}"
profiles:
  system:
    source: { file: $dump }
    target: { host: $PGHOST, port: $PGPORT, user: $PGUSER }
  embedded:
    source: { file: $dump }
    target: { embedded: { dataDir: $data/fast, port: 54491 } }
  durable:
    source: { file: $dump }
    target: { embedded: { dataDir: $data/durable, port: 54492 } }
YML

secs=0
restore() { # profile → $secs
  local s e
  s=$(date +%s.%N)
  mvn -B -q -f "$project/pom.xml" dbrestore:restore -Dprofile="$1" -Ddbrestore.onExists=overwrite >"$OUT/$1.log" 2>&1 \
    || { echo "restore $1 failed:"; tail -20 "$OUT/$1.log"; exit 1; }
  e=$(date +%s.%N)
  secs=$(echo "$e - $s" | bc)
}

echo "== warm-up (first start of the embedded servers)"
for t in $TARGETS; do restore "$t"; printf '   %-8s %6.1f s\n' "$t" "$secs"; done
if [[ " $TARGETS " == *" durable "* ]]; then
  conf=$(ls -d "$data"/durable/*/data | head -1)/postgresql.conf
  cat >> "$conf" <<'CONF'
# bench: PostgreSQL's defaults back, to measure dbrestore's fast settings
fsync = on
synchronous_commit = on
full_page_writes = on
wal_level = replica
max_wal_senders = 10
maintenance_work_mem = '64MB'
CONF
  mvn -B -q -f "$project/pom.xml" dbrestore:stop -Dprofile=durable >/dev/null
  restore durable   # starts it with the appended settings
  echo "   durable server restarted with: $(psql -X -At "postgres://postgres:$(cat "$data"/durable/*/password)@127.0.0.1:54492/postgres" \
      -c "select string_agg(name || '=' || setting, ' ' order by name) from pg_settings where name in ('fsync','synchronous_commit','full_page_writes','wal_level','maintenance_work_mem')")"
fi

declare -A times
read -r -a order <<<"$TARGETS"
for round in $(seq 1 "$ROUNDS"); do
  echo "== round $round"
  n=${#order[@]}
  for i in $(seq 0 $((n - 1))); do
    t=${order[$(( (i + round - 1) % n ))]}
    restore "$t"
    times[$t,$round]=$secs
    printf '   %-8s %6.1f s\n' "$t" "${times[$t,$round]}"
  done
done

median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
ratio() { # a b → per-round ratios a/b and their median
  local r rs=()
  for round in $(seq 1 "$ROUNDS"); do
    r=$(echo "scale=3; ${times[$1,$round]} / ${times[$2,$round]}" | bc)
    rs+=("$r")
  done
  echo "   $1/$2 per round: ${rs[*]}  median $(printf '%s\n' "${rs[@]}" | median)"
}
echo "== medians"
for t in $TARGETS; do
  printf '   %-8s %6.1f s\n' "$t" "$(for r in $(seq 1 "$ROUNDS"); do echo "${times[$t,$r]}"; done | median)"
done
echo "== paired ratios"
[[ " $TARGETS " == *" system "* && " $TARGETS " == *" embedded "* ]] && ratio embedded system
[[ " $TARGETS " == *" durable "* && " $TARGETS " == *" embedded "* ]] && ratio durable embedded

echo "== rows (acme checksums.sql) of the last copies"
for t in $TARGETS; do
  case $t in
    system) url="postgres://$PGUSER:$PGPASSWORD@$PGHOST:$PGPORT/embbench_system" ;;
    embedded) url="postgres://postgres:$(cat "$data"/fast/*/password)@127.0.0.1:54491/embbench_embedded" ;;
    durable) url="postgres://postgres:$(cat "$data"/durable/*/password)@127.0.0.1:54492/embbench_durable" ;;
  esac
  psql -X -At -F ' ' "$url" -f "$FIXTURES/acme/checksums.sql" > "$OUT/rows-$t.txt"
done
first=$(echo "$TARGETS" | awk '{print $1}')
for t in $TARGETS; do
  if diff -q "$OUT/rows-$first.txt" "$OUT/rows-$t.txt" >/dev/null; then echo "   $t: same as $first ($(wc -l < "$OUT/rows-$t.txt") checksums)"; else echo "   $t: DIFFERENT"; fi
done

echo "== cleaning up"
dropdb --if-exists embbench_system
for t in embedded durable; do
  [[ " $TARGETS " == *" $t "* ]] && mvn -B -q -f "$project/pom.xml" dbrestore:stop -Dprofile=$t >/dev/null
done
rm -rf "$data"
