#!/usr/bin/env bash
# leakscan-vs-restore.sh — issue 10's leak-scan benchmark: `mvn dbrestore:restore` of a large acme
# dump with a sensitive profile that masks e-mails, names, phones, addresses and order notes, once
# with leakScan: fail and once with leakScan: off, rotated (odd rounds scan first), ROUNDS rounds.
# Target: the leak scan costs at most 0.5 x the restore (load) time, with bounded memory.
#
#   SCALE=300 ROUNDS=3 bench/leakscan-vs-restore.sh          (from the project folder)
#
# Generates acme at SCALE with acme/make-dumps.sh SET=custom (~0.9 MB of table data per scale unit),
# installs the plugin into a private copy of the local repository (OUT/m2, so other builds on the
# machine keep theirs), and runs a consumer project in OUT/project with MAVEN_OPTS=-Xmx512m and a GC
# log. Per run it prints the wall time, the report's restore (load) and leak-scan step times, the
# fingerprint memory from report.json and the heap peak from the GC log; at the end the medians and
# the paired ratios (on - off) / restore and scan step / restore.
#
# Environment: SCALE (default 300), ROUNDS (default 3), ENGINE (default native), OUT (default
# target/bench-leakscan), REUSE=1 keeps an existing dump of that scale, FIXTURES (default ../shared/fixtures).
# Connection: PGHOST, PGPORT, PGUSER, PGPASSWORD (a superuser); defaults are the test server's.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
SCALE=${SCALE:-300}
ROUNDS=${ROUNDS:-3}
ENGINE=${ENGINE:-native}
OUT=${OUT:-target/bench-leakscan}
FIXTURES=$(cd "${FIXTURES:-../shared/fixtures}" && pwd)
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-dbrestore_test}
export PGPASSWORD=${PGPASSWORD:-pw-for-tests-only}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
dump="$OUT/acme-s$SCALE.dump"

if [ "${REUSE:-0}" != 1 ] || [ ! -f "$dump" ]; then
  echo "== generating acme at SCALE=$SCALE"
  start=$(date +%s)
  DB=t_leakbench_src SCALE="$SCALE" SET=custom PREFIX="acme-s$SCALE" "$FIXTURES/acme/make-dumps.sh" "$OUT" 2>&1 | grep -v '^+' || true
  psql -X -At -d t_leakbench_src -c "SELECT 'source database: ' || pg_size_pretty(pg_database_size(current_database()))"
  dropdb --if-exists t_leakbench_src
  rm -f "$OUT/acme-s$SCALE-pipe.dump"
  echo "   took $(( $(date +%s) - start )) s"
fi
echo "== dump: $dump ($(du -h "$dump" | cut -f1))"

echo "== installing the plugin into $OUT/m2"
if [ ! -d "$OUT/m2" ]; then
  cp -r "${M2_REPO:-$HOME/.m2/repository}" "$OUT/m2"
  rm -rf "$OUT/m2/dev/dbrestore"
fi
. bench/consumer-project.sh
project="$OUT/project"
consumer_project "$project" leakscan -Dmaven.repo.local="$OUT/m2"
profile() {
  cat <<EOF
  $1:
    sensitive: true
    leakScan: $2
    source: { file: "$dump" }
    mask:
      auth_user: { email: email, first_name: hash, last_name: hash, phone: null }
      store_purchase: { email: email, first_name: hash, last_name: hash, phone: null, address1: hash,
                        address2: null, metadata: "metadata - 'note'" }
      newsletter_subscriber: { email: email, name: hash }
EOF
}
{
  echo "version: 1"
  echo "project: t_leakbench"
  echo "target: { host: \"\${env:PGHOST}\", port: \"\${env:PGPORT}\", user: \"\${env:PGUSER}\" }"
  echo "naming: \"{project}_{profile}\""
  echo "hashSalt: bench-salt"
  echo "profiles:"
  profile scanon fail
  profile scanoff off
} > "$project/restore-profiles.yml"

trap 'dropdb --if-exists t_leakbench_scanon 2>/dev/null || true; dropdb --if-exists t_leakbench_scanoff 2>/dev/null || true' EXIT

now() { date +%s.%N; }
declare -a on_times off_times restore_on restore_off scan_ms

# one run: prints "wall restore_ms scan_ms fingerprint_bytes values heap_peak_mb"
run() {
  local p=$1 r=$2
  dropdb --if-exists "t_leakbench_$p"
  psql -X -q -d postgres -c CHECKPOINT
  local s; s=$(now)
  (cd "$project" && MAVEN_OPTS="-Xmx512m -Xlog:gc:file=$OUT/gc-$p-$r.log" \
     mvn -B -q -o -Dmaven.repo.local="$OUT/m2" dbrestore:restore -Dprofile="$p" -Ddbrestore.engine="$ENGINE" \
     > "$OUT/run-$p-$r.log" 2>&1) || { echo "run $p failed:"; tail -20 "$OUT/run-$p-$r.log"; exit 1; }
  local t; t=$(echo "$(now) - $s" | bc)
  cp "$project/target/dbrestore/report.json" "$OUT/report-$p-$r.json"
  local peak
  peak=$(grep -oE '[0-9]+M->[0-9]+M' "$OUT/gc-$p-$r.log" | cut -d- -f1 | tr -d M | sort -n | tail -1)
  python3 - "$OUT/report-$p-$r.json" "$t" "${peak:-0}" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
steps = {s["name"]: s["durationMs"] for s in report["steps"]}
scan = (report.get("sanitize") or {}).get("leakScan") or {}
print(sys.argv[2], steps.get("restore", 0), steps.get("sanitize: leak scan", 0), scan.get("fingerprintBytes", 0),
      scan.get("valuesFingerprinted", 0), scan.get("rowsScanned", 0), scan.get("status", "?"), sys.argv[3])
PY
}

for round in $(seq 1 "$ROUNDS"); do
  echo "== round $round"
  if [ $((round % 2)) = 1 ]; then order="scanon scanoff"; else order="scanoff scanon"; fi
  for p in $order; do
    read -r wall restore scan bytes values rows status peak < <(run "$p" "$round")
    printf '   %-8s %7.2f s  restore %6.2f s  leak scan %6.2f s  (%s, %s values, %s rows, fingerprints %s MiB, heap peak %s MB)\n' \
      "$p" "$wall" "$(echo "$restore / 1000" | bc -l)" "$(echo "$scan / 1000" | bc -l)" "$status" "$values" "$rows" \
      "$(echo "$bytes / 1048576" | bc)" "$peak"
    if [ "$p" = scanon ]; then on_times+=("$wall"); restore_on+=("$restore"); scan_ms+=("$scan")
    else off_times+=("$wall"); restore_off+=("$restore"); fi
  done
done

median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
declare -a paired scanratio
for i in "${!on_times[@]}"; do
  paired+=("$(echo "(${on_times[$i]} - ${off_times[$i]}) * 1000 / ${restore_off[$i]}" | bc -l)")
  scanratio+=("$(echo "${scan_ms[$i]} / ${restore_on[$i]}" | bc -l)")
done
printf '== medians: wall with scan %.2f s, without %.2f s; restore step %.2f s; leak scan step %.2f s\n' \
  "$(median "${on_times[@]}")" "$(median "${off_times[@]}")" "$(echo "$(median "${restore_off[@]}") / 1000" | bc -l)" \
  "$(echo "$(median "${scan_ms[@]}") / 1000" | bc -l)"
printf '== paired ratios (median): (wall on - wall off) / restore %.3f;  leak scan step / restore %.3f  (target <= 0.5)\n' \
  "$(median "${paired[@]}")" "$(median "${scanratio[@]}")"
psql -X -At -d t_leakbench_scanon -c "SELECT 'restored database: ' || pg_size_pretty(pg_database_size(current_database()))"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem/ {print $2}') GB RAM; $(psql -X -At -d postgres -c 'SELECT version()' | cut -d, -f1)"
