#!/usr/bin/env bash
# restore-bench.sh — issue 13's benchmark: every way to restore one -Fc dump, side by side in one run.
#
#   bench/restore-bench.sh                    (from the project folder; unattended)
#
# Builds the acme database at SCALE with ../shared/fixtures/acme/make-dumps.sh (SCALE=1300: a
# ~1.5 GB database, 7 M rows, 31 indexes; pg_dump -Fc ~280 MB), serves the dump over HTTP with
# bench/StaticFileServer.java, installs the plugin into the local Maven repository and runs, in
# ROUNDS rounds, each round in a rotated order, every variant into a fresh target database after a
# CHECKPOINT:
#   pipe           curl URL | pg_restore --no-owner --no-privileges -d DB         (the classic pipe)
#   pg_restore -jN pg_restore -j N --no-owner --no-privileges -d DB FILE            (local file)
#   plugin engine=pg_restore, URL           mvn dbrestore:restore as a user runs it (Maven start included)
#   plugin native jobs=1, URL / jobs=N, URL
#   plugin native jobs=1, file / jobs=N, file
#   plugin template-cache re-restore        (the template is made once before the rounds)
#   mvn dbrestore:help                      Maven's start alone (no restore), what every plugin run pays
#   (only when named in VARIANTS) nativeN_file_c1: jobs=N, file, MAVEN_OPTS with -XX:TieredStopAtLevel=1
# The plugin runs use the cache only in the template variant (-Ddbrestore.cache=false elsewhere)
# and MAVEN_OPTS=-Xmx256m with a GC log. For each run it measures wall time, the paired ratios to
# the pipe and to pg_restore -j N of the same round, peak RSS and CPU (user+sys) of the client processes (GNU time), the
# JVM's peak heap (GC log), the plugin's own restore step (its log) and how busy the host's CPUs were (/proc/stat). Prints the medians and
# writes bench/RESULTS.md with the machine (CPU count, memory), the PostgreSQL version and settings.
# In the last round every copy is compared with the pipe's (acme checksums.sql).
#
# Runtime: SCALE=1300 ROUNDS=3 on 2 cores takes about 20 minutes (dump generation ~4, each
# round ~5); the script prints its own runtime.
#
# Environment: SCALE (default 1300), ROUNDS (default 3), JOBS (N above, default: CPU count, at least 2),
#              OUT (default target/bench-restore), REUSE=1 keeps an existing dump of that scale,
#              PORT (default 18093), FIXTURES (default ../shared/fixtures), RESULTS (default bench/RESULTS.md),
#              VARIANTS (a subset, e.g. "nativeN_url nativeN_file plugin_pgr maven_start"; pipe and pgj always run),
#              NOTE (a line for RESULTS.md).
# Connection: PGHOST, PGPORT, PGUSER, PGPASSWORD (a superuser); defaults are the test server's.
# Databases t_rbench_* are dropped at the end.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
began=$(date +%s)
SCALE=${SCALE:-1300}
ROUNDS=${ROUNDS:-3}
cpus=$(nproc)
JOBS=${JOBS:-$(( cpus < 2 ? 2 : cpus ))}
OUT=${OUT:-target/bench-restore}
PORT=${PORT:-18093}
RESULTS=${RESULTS:-bench/RESULTS.md}
FIXTURES=$(cd "${FIXTURES:-../shared/fixtures}" && pwd)
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-dbrestore_test}
export PGPASSWORD=${PGPASSWORD:-pw-for-tests-only}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
name="acme-s$SCALE.dump"
dump="$OUT/$name"

if [ "${REUSE:-0}" != 1 ] || [ ! -f "$dump" ]; then
  echo "== generating acme at SCALE=$SCALE"
  start=$(date +%s)
  DB=t_rbench_src SCALE=$SCALE SET=custom PREFIX="acme-s$SCALE" "$FIXTURES/acme/make-dumps.sh" "$OUT" 2>&1 \
    | grep -v '^+' || true
  source_size=$(psql -X -At -d t_rbench_src -c "SELECT pg_size_pretty(pg_database_size(current_database()))")
  echo "$source_size" > "$OUT/source-size.txt"
  dropdb --if-exists t_rbench_src
  rm -f "$OUT/acme-s$SCALE-pipe.dump"
  echo "   took $(( $(date +%s) - start )) s"
fi
[ -f "$dump" ] || { echo "no dump was made at $dump"; exit 1; }
dump_bytes=$(stat -c %s "$dump")
echo "== dump: $dump ($(du -h "$dump" | cut -f1)), database $(cat "$OUT/source-size.txt" 2>/dev/null || echo '?')"

# A private local repository (a copy of ~/.m2, this plugin installed afresh), so that
# another build installing the same version meanwhile cannot change what is measured.
echo "== installing the plugin into a private local repository ($OUT/m2)"
user_repo=${MAVEN_USER_REPO:-$HOME/.m2/repository}
rm -rf "$OUT/m2"
cp -a "$user_repo" "$OUT/m2"
rm -rf "$OUT/m2/dev/dbrestore"
export MAVEN_ARGS_REPO="-Dmaven.repo.local=$OUT/m2"
mvn -B -q -o $MAVEN_ARGS_REPO install -DskipTests -Dinvoker.skip=true
project="$OUT/project"
. bench/consumer-project.sh
consumer_pom "$project" restore >/dev/null
cat > "$project/restore-profiles.yml" <<EOF
version: 1
project: t_rbench
target: { host: "\${env:PGHOST}", port: "\${env:PGPORT}", user: "\${env:PGUSER}" }
naming: "{project}_{profile}"
profiles:
  url:
    source: { url: "http://127.0.0.1:$PORT/$name" }
  file:
    source: { file: "$dump" }
  tpl:
    source: { url: "http://127.0.0.1:$PORT/$name" }
    cache: [template]
EOF

drop_all() {
  psql -X -q -At -d postgres -c "SELECT datname FROM pg_database WHERE datname LIKE 't\\_rbench\\_%' AND datname <> 't_rbench_src'" \
    | while read -r db; do
        psql -X -q -d postgres -c "ALTER DATABASE \"$db\" IS_TEMPLATE false" >/dev/null 2>&1 || true
        dropdb --if-exists "$db" >/dev/null 2>&1 || true
      done
}
java bench/StaticFileServer.java "$OUT" "$PORT" &
server=$!
trap 'kill $server 2>/dev/null || true; drop_all' EXIT
for _ in $(seq 1 50); do curl -sfI "http://127.0.0.1:$PORT/$name" >/dev/null && break; sleep 0.2; done

variants=(pipe pgj plugin_pgr native1_url nativeN_url native1_file nativeN_file template maven_start)
if [ -n "${VARIANTS:-}" ]; then
  read -r -a variants <<< "pipe pgj $(echo "$VARIANTS" | tr ' ' '\n' | grep -vx 'pipe\|pgj' | tr '\n' ' ')"
fi
label() {
  case $1 in
    pipe) echo "curl URL | pg_restore";;
    pgj) echo "pg_restore -j $JOBS from the file";;
    plugin_pgr) echo "dbrestore engine=pg_restore, URL";;
    native1_url) echo "dbrestore native jobs=1, URL";;
    nativeN_url) echo "dbrestore native jobs=$JOBS, URL";;
    native1_file) echo "dbrestore native jobs=1, file";;
    nativeN_file) echo "dbrestore native jobs=$JOBS, file";;
    nativeN_file_c1) echo "dbrestore native jobs=$JOBS, file, C1 JIT only";;
    template) echo "dbrestore template-cache re-restore";;
    maven_start) echo "mvn dbrestore:help (Maven's start alone)";;
  esac
}
target_of() {
  case $1 in
    pipe) echo t_rbench_pipe;; pgj) echo t_rbench_pgj;;
    plugin_pgr|native1_url|nativeN_url) echo t_rbench_url;;
    native1_file|nativeN_file|nativeN_file_c1) echo t_rbench_file;; template) echo t_rbench_tpl;;
    maven_start) echo t_rbench_none;;
  esac
}
plugin_args() {
  case $1 in
    plugin_pgr) echo "-Dprofile=url -Ddbrestore.engine=pg_restore -Ddbrestore.jobs=1 -Ddbrestore.cache=false";;
    native1_url) echo "-Dprofile=url -Ddbrestore.engine=native -Ddbrestore.jobs=1 -Ddbrestore.cache=false";;
    nativeN_url) echo "-Dprofile=url -Ddbrestore.engine=native -Ddbrestore.jobs=$JOBS -Ddbrestore.cache=false";;
    native1_file) echo "-Dprofile=file -Ddbrestore.engine=native -Ddbrestore.jobs=1 -Ddbrestore.cache=false";;
    nativeN_file|nativeN_file_c1) echo "-Dprofile=file -Ddbrestore.engine=native -Ddbrestore.jobs=$JOBS -Ddbrestore.cache=false";;
    template) echo "-Dprofile=tpl -Ddbrestore.engine=native -Ddbrestore.jobs=$JOBS";;
  esac
}
# JVM flags of a variant: C1 only (no C2 compiler threads; Maven's start and the plugin compile less)
jvm_flags() { case $1 in *_c1) echo "-XX:TieredStopAtLevel=1";; esac; }
# the goal a plugin variant runs
goal_of() { case $1 in maven_start) echo help;; *) echo restore;; esac; }
cpu_ticks() { awk '/^cpu /{busy=$2+$3+$4+$7+$8+$9; print busy, busy+$5+$6}' /proc/stat; }

# one measured run: prints "wall rss_kb cpu_s busy_pct heap_mb step_s step_cpu_s"
measure() {
  local v=$1 run=$2 target; target=$(target_of "$v")
  dropdb --if-exists "$target" >/dev/null 2>&1
  case $v in pipe|pgj) createdb -T template0 -E UTF8 "$target";; esac
  psql -X -q -d postgres -c CHECKPOINT
  local cmd log="$OUT/$v-$run.log" gc="$OUT/gc-$v-$run.log"
  case $v in
    pipe) cmd="curl -sSf http://127.0.0.1:$PORT/$name | pg_restore --no-owner --no-privileges -d $target";;
    pgj) cmd="pg_restore -j $JOBS --no-owner --no-privileges -d $target $dump";;
    *) cmd="cd $project && MAVEN_OPTS='-Xmx256m -Xlog:gc:file=$gc $(jvm_flags "$v")' mvn -B -nsu $MAVEN_ARGS_REPO dbrestore:$(goal_of "$v") $(plugin_args "$v")";;
  esac
  rm -f "$gc"
  local before after s e
  before=$(cpu_ticks); s=$(date +%s.%N)
  /usr/bin/time -f '%M %U %S' -o "$OUT/time-$v-$run.txt" bash -c "set -o pipefail; $cmd" > "$log" 2>&1 \
    || { echo "run $v failed:" >&2; tail -30 "$log" >&2; echo FAIL; return; }
  e=$(date +%s.%N); after=$(cpu_ticks)
  local wall rss cpu busy heap step step_cpu
  wall=$(echo "$e - $s" | bc)
  # the plugin's own restore step (its log line "Restore finished in 12.3 s" or "in 1:05 min"; a clone: "Cloned … in 2.4 s")
  step=$(grep -oE '(Restore finished|from the template [^ ]+) in [0-9.:]+ (s|ms|min)' "$log" | tail -1 \
    | awk '{u=$NF; v=$(NF-1); if (u == "ms") v = v / 1000; else if (u == "min") {split(v, p, ":"); v = p[1] * 60 + p[2]} print v}' || true)
  # the JVM's CPU during that step (the log line goes on ", the JVM used 4.1 s of CPU")
  step_cpu=$(grep -oE 'Restore finished in .*the JVM used [0-9.]+ s of CPU' "$log" | tail -1 | grep -oE '[0-9.]+ s of CPU' \
    | cut -d' ' -f1 || true)
  read -r rss u sy < "$OUT/time-$v-$run.txt"
  cpu=$(echo "$u + $sy" | bc)
  busy=$(awk -v b="$before" -v a="$after" 'BEGIN {split(b,x," "); split(a,y," "); printf "%.0f", 100*(y[1]-x[1])/(y[2]-x[2])}')
  heap=-
  if [ -f "$gc" ]; then
    heap=$(grep -oE '[0-9]+M->[0-9]+M' "$gc" | cut -d- -f1 | tr -d M | sort -n | tail -1)
    heap=${heap:-0}
  fi
  echo "$wall $rss $cpu $busy $heap ${step:--} ${step_cpu:--}"
}
checksums() { psql -X -At -F ' ' -d "$1" -f "$FIXTURES/acme/checksums.sql"; }

if printf '%s\n' "${variants[@]}" | grep -qx template; then
  echo "== making the template once (not timed)"
  (cd "$project" && mvn -B -q -nsu $MAVEN_ARGS_REPO dbrestore:restore $(plugin_args template) > "$OUT/template-warmup.log" 2>&1) \
    || { echo "template warm-up failed:"; tail -30 "$OUT/template-warmup.log"; exit 1; }
fi

declare -A wall rss cpu busy heap step stepcpu
for round in $(seq 1 "$ROUNDS"); do
  n=${#variants[@]}
  order=()
  for i in $(seq 0 $((n - 1))); do order+=("${variants[$(( (i + round - 1) % n ))]}"); done
  echo "== round $round: ${order[*]}"
  for v in "${order[@]}"; do
    read -r w r c b h st sc < <(measure "$v" "$round")
    [ -n "$w" ] && [ "$w" != FAIL ] || { echo "the run of $(label "$v") failed (see $OUT/$v-$round.log)"; exit 1; }
    wall[$v,$round]=$w; rss[$v,$round]=$r; cpu[$v,$round]=$c; busy[$v,$round]=$b; heap[$v,$round]=$h; step[$v,$round]=$st
    stepcpu[$v,$round]=$sc
    printf '   %-38s %7.2f s  rss %5d MB  cpu %6.2f s  host busy %3s %%  heap %s MB  restore step %s s (CPU %s s)\n' \
      "$(label "$v")" "$w" "$((r / 1024))" "$c" "$b" "$h" "$st" "$sc"
    if [ "$round" = "$ROUNDS" ] && [ "$v" != maven_start ]; then
      checksums "$(target_of "$v")" > "$OUT/checksums-$v.txt"
    fi
  done
done

echo "== comparing every copy of the last round with the pipe's (checksums.sql)"
for v in "${variants[@]}"; do
  [ "$v" = maven_start ] && continue
  if ! diff -q "$OUT/checksums-pipe.txt" "$OUT/checksums-$v.txt" >/dev/null; then
    echo "   $(label "$v"): DIFFERENT"; diff "$OUT/checksums-pipe.txt" "$OUT/checksums-$v.txt" | head; exit 1
  fi
done
echo "   identical ($(wc -l < "$OUT/checksums-pipe.txt") checksums each)"

median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
pg_version=$(psql -X -At -d postgres -c "SELECT version()")
settings=$(psql -X -At -F ' = ' -d postgres -c "SELECT name, setting || coalesce(' ' || unit, '') FROM pg_settings
  WHERE name IN ('shared_buffers', 'maintenance_work_mem', 'max_wal_size', 'wal_level', 'synchronous_commit', 'fsync',
                 'max_parallel_maintenance_workers', 'max_worker_processes', 'checkpoint_timeout', 'work_mem')
  ORDER BY name")
memory=$(free -g | awk '/^Mem:/{print $2 " GB"}')
runtime=$(( $(date +%s) - began ))
pipe_median=$(median $(for r in $(seq 1 "$ROUNDS"); do echo "${wall[pipe,$r]}"; done))
pgj_median=$(median $(for r in $(seq 1 "$ROUNDS"); do echo "${wall[pgj,$r]}"; done))

table="| variant | wall (median) | paired vs pipe | paired vs \`pg_restore -j $JOBS\` file | peak RSS | client CPU | host CPU busy | peak heap | plugin's restore step | its JVM CPU |
|---|---|---|---|---|---|---|---|---|---|"
for v in "${variants[@]}"; do
  walls=(); ratios=(); jratios=(); rsss=(); cpus_=(); busys=(); heaps=(); steps=(); stepcpus=()
  for r in $(seq 1 "$ROUNDS"); do
    walls+=("${wall[$v,$r]}"); rsss+=("${rss[$v,$r]}"); cpus_+=("${cpu[$v,$r]}"); busys+=("${busy[$v,$r]}")
    ratios+=("$(echo "${wall[$v,$r]} / ${wall[pipe,$r]}" | bc -l)")
    jratios+=("$(echo "${wall[$v,$r]} / ${wall[pgj,$r]}" | bc -l)")
    [ "${heap[$v,$r]}" != - ] && heaps+=("${heap[$v,$r]}")
    [ "${step[$v,$r]}" != - ] && steps+=("${step[$v,$r]}")
    [ "${stepcpu[$v,$r]}" != - ] && stepcpus+=("${stepcpu[$v,$r]}")
  done
  mw=$(median "${walls[@]}")
  peak_heap=-
  [ ${#heaps[@]} -gt 0 ] && peak_heap="$(printf '%s\n' "${heaps[@]}" | sort -n | tail -1) MB"
  median_step=-
  [ ${#steps[@]} -gt 0 ] && median_step="$(median "${steps[@]}") s"
  median_step_cpu=-
  [ ${#stepcpus[@]} -gt 0 ] && median_step_cpu="$(median "${stepcpus[@]}") s"
  name_md=$(label "$v"); name_md=${name_md//|/\\|}
  row=$(printf '| %s | %.1f s | %.2f | %.2f | %d MB | %.1f s | %d %% | %s | %s | %s |' "$name_md" "$mw" "$(median "${ratios[@]}")" \
    "$(median "${jratios[@]}")" "$(( $(median "${rsss[@]}" | cut -d. -f1) / 1024 ))" "$(median "${cpus_[@]}")" \
    "$(median "${busys[@]}" | cut -d. -f1)" "$peak_heap" "$median_step" "$median_step_cpu")
  table+=$'\n'"$row"
done

echo "== medians of $ROUNDS rounds (pipe $pipe_median s)"
echo "$table"

cat > "$RESULTS" <<EOF
# Restore benchmark results

Written by \`bench/restore-bench.sh\` on $(date -u '+%Y-%m-%d %H:%M UTC') (runtime $((runtime / 60)) min $((runtime % 60)) s).

- Machine: $cpus CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), $memory memory
- PostgreSQL: $pg_version
- Dump: acme at SCALE=$SCALE, \`pg_dump -Fc\` $((dump_bytes / 1024 / 1024)) MB, database $(cat "$OUT/source-size.txt" 2>/dev/null || echo '?'), served over HTTP by bench/StaticFileServer.java
- $ROUNDS rounds, each variant once per round in a rotated order, a fresh target and a CHECKPOINT before each run;
  the plugin runs are \`mvn -B dbrestore:restore\` with MAVEN_OPTS=-Xmx256m (Maven's start included);
  N = $JOBS jobs. Medians; "paired vs pipe" is the median of each round's ratio to that round's pipe, and
  "paired vs \`pg_restore -j $JOBS\` file" the same against that round's \`pg_restore -j $JOBS\`.
- Peak RSS and client CPU (user + sys) are of the client processes (curl + pg_restore, or Maven's JVM);
  host CPU busy is the share of all CPUs not idle during the run (server and client); peak heap is the
  highest heap occupancy in the JVM's GC log; the plugin's restore step is the time its log gives for the restore
  alone (download, restore; for the template: the clone), without Maven's start, planning and the final steps, and
  "its JVM CPU" the CPU time the JVM used during that step (its log line); \`mvn dbrestore:help\` shows what
  Maven's start alone costs.
${NOTE:+- Note: $NOTE}

$table

Server settings:

\`\`\`
$settings
\`\`\`
EOF
echo "== wrote $RESULTS; runtime $((runtime / 60)) min $((runtime % 60)) s"
