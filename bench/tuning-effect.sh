#!/usr/bin/env bash
# tuning-effect.sh — what the native engine's server-side settings buy, each switched off alone,
# against all on, in the same run (README "Performance": keep only what measurement shows helps).
#
#   DUMP=target/bench-restore/acme-s1300.dump bench/tuning-effect.sh     (from the project folder)
#
# Restores DUMP with the native engine (NativeRestoreBench, the engine alone, no Maven) ROUNDS
# times per variant, rotated, each into a fresh database after a CHECKPOINT:
#   all on             COPY FREEZE after TRUNCATE + synchronous_commit=off + maintenance_work_mem/-workers
#   no FREEZE          -Ddbrestore.copyFreeze=false
#   no session tuning  -Ddbrestore.sessionTuning=false (the server's own synchronous_commit, maintenance_work_mem, ...)
#   no full buffers    -Ddbrestore.copyFill=false (each decompressed chunk its own CopyData message)
# with JOBS connections, and prints each variant's median wall time and client CPU (user + sys of
# the JVM) and the median paired ratio of the wall time to "all on".
#
# Environment: DUMP (required; e.g. the dump bench/restore-bench.sh made), JOBS (default 1),
#              ROUNDS (default 3), OUT (default target/bench-tuning).
# Connection: PGHOST, PGPORT, PGUSER, PGPASSWORD; defaults are the test server's.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
DUMP=${DUMP:?set DUMP to a custom-format dump}
JOBS=${JOBS:-1}
ROUNDS=${ROUNDS:-3}
OUT=${OUT:-target/bench-tuning}
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-dbrestore_test}
export PGPASSWORD=${PGPASSWORD:-pw-for-tests-only}
mkdir -p "$OUT"
mvn -B -o -q test-compile
mvn -B -o -q dependency:build-classpath -Dmdep.outputFile="$OUT/classpath.txt" >/dev/null
classpath="target/classes:target/test-classes:$(cat "$OUT/classpath.txt")"
trap 'dropdb --if-exists t_tuning_bench >/dev/null 2>&1 || true' EXIT

variants=(all_on no_freeze no_tuning no_fill)
flags() {
  case $1 in
    all_on) echo "";;
    no_freeze) echo "-Ddbrestore.copyFreeze=false";;
    no_tuning) echo "-Ddbrestore.sessionTuning=false";;
    no_fill) echo "-Ddbrestore.copyFill=false";;
  esac
}
declare -A wall cpu
n=${#variants[@]}
for round in $(seq 1 "$ROUNDS"); do
  echo "== round $round"
  for i in $(seq 0 $((n - 1))); do
    v=${variants[$(( (i + round - 1) % n ))]}
    dropdb --if-exists t_tuning_bench; createdb -T template0 -E UTF8 t_tuning_bench
    psql -X -q -d postgres -c CHECKPOINT
    s=$(date +%s.%N)
    # shellcheck disable=SC2046
    /usr/bin/time -f '%U %S' -o "$OUT/time-$v-$round.txt" java -Xmx256m $(flags "$v") -cp "$classpath" dev.dbrestore.engine.nativeengine.NativeRestoreBench \
      "$DUMP" t_tuning_bench "$JOBS" > "$OUT/$v-$round.log" 2>&1 || { tail -20 "$OUT/$v-$round.log"; exit 1; }
    wall[$v,$round]=$(echo "$(date +%s.%N) - $s" | bc)
    cpu[$v,$round]=$(awk '{print $1 + $2}' "$OUT/time-$v-$round.txt")
    printf '   %-10s %7.2f s  client cpu %5.2f s\n' "$v" "${wall[$v,$round]}" "${cpu[$v,$round]}"
  done
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
echo "== medians of $ROUNDS rounds, $JOBS job(s), $(basename "$DUMP")"
for v in "${variants[@]}"; do
  walls=(); ratios=(); cpus=()
  for r in $(seq 1 "$ROUNDS"); do
    walls+=("${wall[$v,$r]}"); ratios+=("$(echo "${wall[$v,$r]} / ${wall[all_on,$r]}" | bc -l)"); cpus+=("${cpu[$v,$r]}")
  done
  printf '   %-10s %7.2f s   paired vs all on %.3f   client cpu %5.2f s\n' "$v" "$(median "${walls[@]}")" \
    "$(median "${ratios[@]}")" "$(median "${cpus[@]}")"
done
