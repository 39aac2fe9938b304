#!/usr/bin/env bash
# jvm-profile.sh — where the plugin's client CPU goes during one `mvn dbrestore:restore`: a Java Flight
# Recording of the whole Maven JVM, summarised as CPU seconds per group of threads (Maven's main
# thread, the restore's connections, the JIT compilers, the garbage collector, the rest) and, for the
# restore's connection threads, where their samples fall (zlib inflation, socket writes to the server,
# waiting on the server, the engine's Java code).
#
#   DUMP=target/bench-restore/acme-s1300.dump bench/jvm-profile.sh        (from the project folder)
#
# Environment: DUMP (required: a dump file), JOBS (default 2), OUT (default target/bench-jvm-profile),
#              MAVEN_ARGS_REPO (e.g. -Dmaven.repo.local=…; default: the user's repository, the plugin
#              installed there first).
# Connection: PGHOST, PGPORT, PGUSER, PGPASSWORD; defaults are the test server's. The copy
# t_jvmprofile_file is dropped at the end.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
DUMP=$(realpath "${DUMP:?set DUMP to a dump file}")
JOBS=${JOBS:-2}
OUT=${OUT:-target/bench-jvm-profile}
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-dbrestore_test}
export PGPASSWORD=${PGPASSWORD:-pw-for-tests-only}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
. bench/consumer-project.sh
project="$OUT/project"
consumer_project "$project" jvmprofile ${MAVEN_ARGS_REPO:-}
cat > "$project/restore-profiles.yml" <<EOF
version: 1
project: t_jvmprofile
target: { host: "\${env:PGHOST}", port: "\${env:PGPORT}", user: "\${env:PGUSER}" }
naming: "{project}_{profile}"
profiles:
  file:
    source: { file: "$DUMP" }
EOF
trap 'dropdb --if-exists t_jvmprofile_file >/dev/null 2>&1 || true' EXIT
dropdb --if-exists t_jvmprofile_file >/dev/null 2>&1 || true
psql -X -q -d postgres -c CHECKPOINT
jfr_file="$OUT/restore.jfr"
# ThreadCPULoad every second: each thread's share of the machine's CPU over that second
cat > "$OUT/settings.jfc" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<configuration version="2.0">
  <event name="jdk.ThreadCPULoad"><setting name="enabled">true</setting><setting name="period">1 s</setting></event>
  <event name="jdk.ExecutionSample"><setting name="enabled">true</setting><setting name="period">10 ms</setting></event>
  <event name="jdk.NativeMethodSample"><setting name="enabled">true</setting><setting name="period">10 ms</setting></event>
</configuration>
EOF
(cd "$project" && MAVEN_OPTS="-Xmx256m -XX:StartFlightRecording=filename=$jfr_file,settings=$OUT/settings.jfc" \
  /usr/bin/time -f '%e %U %S' -o "$OUT/time.txt" mvn -B -nsu ${MAVEN_ARGS_REPO:-} dbrestore:restore -Dprofile=file \
  -Ddbrestore.engine=native -Ddbrestore.jobs="$JOBS" -Ddbrestore.cache=false > "$OUT/run.log" 2>&1) \
  || { tail -30 "$OUT/run.log"; exit 1; }
read -r wall user sys < "$OUT/time.txt"
echo "== mvn dbrestore:restore, native, jobs=$JOBS, file $(basename "$DUMP"): wall $wall s, JVM CPU $(echo "$user + $sys" | bc) s (user + sys)"
grep -oE 'Restore finished in .*' "$OUT/run.log" || true
jfr print --events jdk.ThreadCPULoad "$jfr_file" > "$OUT/cpu.txt"
jfr print --events jdk.ExecutionSample "$jfr_file" > "$OUT/java-samples.txt"
jfr print --events jdk.NativeMethodSample "$jfr_file" > "$OUT/native-samples.txt"
python3 - "$OUT" "$(nproc)" <<'PY'
import collections, re, sys
out, cpus = sys.argv[1], int(sys.argv[2])

def group(thread):
    if thread.startswith("dbrestore-restore") or thread == "dbrestore-progress":
        return "restore connections (the engine's threads)"
    if "CompilerThread" in thread:
        return "JIT compilers"
    if thread.startswith(("GC ", "G1 ", "VM Thread", "Parallel GC")):
        return "garbage collector, VM"
    if thread == "main":
        return "main (Maven's start, planning, the first connection's reads)"
    return "other"

cpu = collections.Counter()
for event in open(out + "/cpu.txt").read().split("jdk.ThreadCPULoad")[1:]:
    user = re.search(r"user = ([\d.]+)%", event)
    system = re.search(r"system = ([\d.]+)%", event)
    thread = re.search(r'eventThread = "([^"]+)"', event)
    if user and system and thread:
        # a share of all CPUs over one second
        cpu[group(thread.group(1))] += (float(user.group(1)) + float(system.group(1))) / 100 * cpus
total = sum(cpu.values())
print("== CPU seconds by thread group (JFR ThreadCPULoad, 1 s periods; threads JFR does not see, such as GC workers, are missing)")
for name, seconds in cpu.most_common():
    print(f"   {seconds:6.1f} s  {100 * seconds / total:5.1f} %  {name}")

def frames(event):
    return re.findall(r"^\s+([\w.$<>]+)\(.*?line:", event, re.M)

where = collections.Counter()
for kind, path in (("java", "/java-samples.txt"), ("native", "/native-samples.txt")):
    for event in open(out + path).read().split("jdk.")[1:]:
        thread = re.search(r'sampledThread = "([^"]+)"', event)
        if not thread or not thread.group(1).startswith("dbrestore-restore"):
            continue
        stack = frames(event)
        if not stack:
            continue
        top = stack[0]
        if "Inflater" in top or "zstd" in top.lower() or "lz4" in top.lower():
            where["decompressing (zlib/zstd/lz4)"] += 1
        elif "SocketDispatcher.write" in top or "NioSocketImpl.write" in top:
            where["writing to the server's socket"] += 1
        elif "park" in top or "SocketDispatcher.read" in top or "poll" in top.lower():
            where["waiting for the server (reading its answers)"] += 1
        elif "FileDispatcher" in top or "RandomAccessFile" in top:
            where["reading the dump file"] += 1
        elif kind == "java":
            where["Java code: " + top.rsplit(".", 2)[-2]] += 1
        else:
            where["other native: " + top] += 1
n = sum(where.values())
print("== the restore connections' samples (Java and native, 10 ms)")
for name, count in where.most_common(12):
    print(f"   {count:5d}  {100 * count / n:5.1f} %  {name}")
PY
