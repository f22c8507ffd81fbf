#!/usr/bin/env bash
# The service path against the core, side by side in one run (issue 10, "The service path").
#
#   bench/service.sh                                        # 200 uploads (1.5-5 MP), 2 workers
#   SET=/work/corpus/baseline COPIES=5 bench/service.sh     # 40 photos of 8-20 MP: the peak RSS figure
#   SKIP_BUILD=1 CORE=0 SERVICE_JAVA_OPTS="-XX:+UseSerialGC" bench/service.sh   # one variant, no core run
#   SKIP_BUILD=1 WARMUP=1 bench/service.sh                  # the steady state: after 200 warm-up uploads
#   SKIP_BUILD=1 SPLIT=1 WARMUP=1 CORE=0 bench/service.sh   # `serve` alone, S3 and SQS in another JVM
#
# 1. Builds target/imagepipe.jar (unless SKIP_BUILD=1).
# 2. Pre-uploads the set with the AWS CLI into local mode's `uploads` bucket while nothing watches it:
#    local mode is started once on a fresh data dir with IMAGEPIPE_SOURCE_BUCKETS=bench-staging, so
#    `uploads` is a plain bucket (created with `aws s3 mb`) and the uploads send no events. Stopped.
#    This keeps the uploader's CPU (the CLI is Python) out of the measured window.
# 3. Starts `java -jar target/imagepipe.jar local --data DIR` on that data dir with the real
#    configuration (IMAGEPIPE_WORKERS=$WORKERS, source bucket `uploads`): its start-up backfill finds
#    every upload without a manifest and sends it the S3 event S3 would have sent (same JSON, with
#    size and ETag), and the service does the work exactly as for live uploads (SQS receive, GET with
#    If-Match, workers, PUTs, manifest, convergence HEAD, batched delete). The window runs from the
#    start-up banner until /metrics counts one finished message per file; then every outcome must be
#    `processed` and the output bucket must hold one manifest per file. Every 0.2 s meanwhile it
#    samples the worker queue depth, the messages in flight and how many worker threads are running
#    (state R in /proc) rather than waiting for work.
# 4. Runs the core on the same files with the same workers: `java -jar target/imagepipe.jar resize
#    --workers $WORKERS`, one process; bench/core_window.py timestamps its output lines, so with
#    WARMUP the core's window likewise covers only the files after the warm-up ones.
#
# WARMUP=K: K copies of the set go first (keys a-warm/..., listed and so enqueued before bench/...)
# and the window covers only the measured files after them: the steady state of a running service
# against the steady state of the core. WARMUP=0 (default) compares cold JVMs: the service from its
# banner, the core from its JVM start.
#
# Service CPU: user+sys of the local-mode JVM from /proc/PID/stat over the window. S3 (s3proxy) and
# SQS (ElasticMQ) run in that JVM, so the same window is also split by thread from
# /proc/PID/task/*/stat, threads grouped by name: s3proxy's Jetty threads (S3Proxy-Jetty-*) and
# ElasticMQ's (the imagepipe-sqs-pekko-* actor system, H2's and scalikejdbc's) are the servers;
# everything else (workers, SDK Netty/async threads, Vert.x, consumer timers, GC, JIT) is counted as
# the pipeline's, although part of the JIT and GC work is the servers'. Threads that exit inside the window
# are not seen (Jetty and the SDK keep theirs; the table lists what was counted).
#
# Peak RSS is VmHWM of the local-mode JVM (S3 and SQS servers included: an upper bound for `serve`).
# Everything lands in bench/work/service/ (OUT=...): summary.txt, service.log, metrics-{0,1}.txt,
# threads-{0,1}.txt, samples.txt, core.jsonl.
#
# SPLIT=1: instead of local mode, local mode's S3 and SQS run alone in one JVM (bench/LocalServers.java),
# `imagepipe backfill` queues the events, and `imagepipe serve` does the work in its own JVM: the
# service's CPU and peak RSS without the servers in them (what a pod would use), the servers' apart.
#
# Environment: SET (a folder of images), COPIES (keys per file, default 1), WARMUP (0), WORKERS (2),
# SERVICE_JAVA_OPTS (JVM options of local mode), CORE_JAVA_OPTS (of resize), CORE=0 (skip the core),
# JFR=1 (record the service window with JFR into OUT/service.jfr), TIMEOUT (seconds, default 1800),
# JAR (default target/imagepipe.jar: point two runs at two saved jars to compare builds side by side).
# With -XX:NativeMemoryTracking=summary in SERVICE_JAVA_OPTS, OUT/nmt.txt says where the memory went.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
SET=${SET:-/work/corpus/uploads}
COPIES=${COPIES:-1}
WARMUP=${WARMUP:-0}
WORKERS=${WORKERS:-2}
OUT=${OUT:-$ROOT/bench/work/service}
TIMEOUT=${TIMEOUT:-1800}
JAR=${JAR:-$ROOT/target/imagepipe.jar}
export AWS_ACCESS_KEY_ID=imagepipe AWS_SECRET_ACCESS_KEY=imagepipe-local-secret AWS_REGION=us-east-1
export AWS_DEFAULT_REGION=us-east-1 AWS_PAGER=""

log() { echo "service.sh: $*" >&2; }
load() { cut -d' ' -f1-3 /proc/loadavg; }

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  log "building"
  ./mvnw -B -ntp -o -q package -DskipTests
fi

rm -rf "$OUT" && mkdir -p "$OUT/files" "$OUT/data"
shopt -s nullglob
SOURCES=("$SET"/*.jpg "$SET"/*.jpeg "$SET"/*.png)
[ ${#SOURCES[@]} -gt 0 ] || { log "no images in $SET"; exit 2; }
mkdir -p "$OUT/warm"
for c in $(seq 1 "$COPIES"); do
  for f in "${SOURCES[@]}"; do ln -s "$(readlink -f "$f")" "$OUT/files/c$c-$(basename "$f")"; done
done
for c in $(seq 1 "$WARMUP"); do
  for f in "${SOURCES[@]}"; do ln -s "$(readlink -f "$f")" "$OUT/warm/w$c-$(basename "$f")"; done
done
FILES=("$OUT"/files/*)
WARM_FILES=("$OUT"/warm/*)
N=${#FILES[@]}
W=${#WARM_FILES[@]}
log "$N files from $SET ($COPIES copies) measured after $W warm-up files, $WORKERS workers"

PID=
SERVERS_PID=
stop_pid() {
  local pid=$1
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$pid" 2>/dev/null || true
  fi
}
stop_service() { stop_pid "$PID"; PID=; }
stop_all() { stop_service; stop_pid "$SERVERS_PID"; SERVERS_PID=; }
trap stop_all EXIT

# start_local LOG [ENV=VALUE...]: local mode on free ports with OUT/data; sets PID, S3, API
start_local() {
  local logfile=$1; shift
  env IMAGEPIPE_WORKERS="$WORKERS" IMAGEPIPE_API_RATE_LIMIT=0 "$@" \
    java ${SERVICE_JAVA_OPTS:-} ${JFR_OPTS:-} -jar "$JAR" local --data "$OUT/data" \
    --http-port 0 --s3-port 0 --sqs-port 0 >"$logfile" 2>&1 &
  PID=$!
  for _ in $(seq 1 480); do
    grep -q '^  HTTP  ' "$logfile" && break
    kill -0 "$PID" 2>/dev/null || { cat "$logfile" >&2; log "local mode exited at start"; exit 1; }
    sleep 0.25
  done
  S3=$(sed -n 's|^  S3 (s3proxy) *\(http[^ ]*\).*|\1|p' "$logfile" | head -1)
  API=$(sed -n 's|^  HTTP *\(http[^ ]*\).*|\1|p' "$logfile" | head -1)
  S3=${S3%/}; API=${API%/}
  [ -n "$S3" ] && [ -n "$API" ] || { log "no banner in $logfile"; exit 1; }
}

# start_servers LOG WATCHED OTHERS: local mode's S3 and SQS alone (SPLIT=1); sets SERVERS_PID, S3, SQS, QUEUE, DLQ
start_servers() {
  local logfile=$1
  java -cp "$JAR" bench/LocalServers.java "$OUT/data" "$2" "$3" >"$logfile" 2>&1 &
  SERVERS_PID=$!
  for _ in $(seq 1 480); do
    grep -q '^READY' "$logfile" && break
    kill -0 "$SERVERS_PID" 2>/dev/null || { cat "$logfile" >&2; log "the servers exited at start"; exit 1; }
    sleep 0.25
  done
  S3=$(sed -n 's/^S3 //p' "$logfile"); S3=${S3%/}; SQS=$(sed -n 's/^SQS //p' "$logfile"); SQS=${SQS%/}
  QUEUE=$(sed -n 's/^QUEUE //p' "$logfile"); DLQ=$(sed -n 's/^DLQ //p' "$logfile")
}

# `serve` (and `backfill`) against the servers: the IMAGEPIPE_* local mode would fill in
split_env() {
  echo IMAGEPIPE_QUEUE_URL="$QUEUE" IMAGEPIPE_DLQ_URL="$DLQ" IMAGEPIPE_S3_ENDPOINT="$S3" IMAGEPIPE_SQS_ENDPOINT="$SQS" \
    IMAGEPIPE_S3_PATH_STYLE=true IMAGEPIPE_REGION=us-east-1 IMAGEPIPE_LOG_FORMAT=text IMAGEPIPE_HTTP_HOST=127.0.0.1
}

# start_serve LOG: `imagepipe serve` on a free port; sets PID, API
start_serve() {
  local logfile=$1 port
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  # shellcheck disable=SC2046
  env $(split_env) IMAGEPIPE_HTTP_PORT="$port" IMAGEPIPE_WORKERS="$WORKERS" IMAGEPIPE_API_RATE_LIMIT=0 \
    java ${SERVICE_JAVA_OPTS:-} ${JFR_OPTS:-} -jar "$JAR" serve >"$logfile" 2>&1 &
  PID=$!
  API=http://127.0.0.1:$port
  for _ in $(seq 1 480); do
    curl -fsS -o /dev/null "$API/metrics" 2>/dev/null && break
    kill -0 "$PID" 2>/dev/null || { cat "$logfile" >&2; log "serve exited at start"; exit 1; }
    sleep 0.1
  done
}

# --- 2. pre-upload, unwatched ---
log "pre-uploading $N files (nothing watches the bucket); load $(load)"
if [ "${SPLIT:-0}" = 1 ]; then
  start_servers "$OUT/preload.log" bench-staging uploads,renditions
else
  start_local "$OUT/preload.log" IMAGEPIPE_SOURCE_BUCKETS=bench-staging
  aws s3 mb s3://uploads --endpoint-url "$S3" >/dev/null
fi
aws s3 cp --recursive --quiet "$OUT/files/" s3://uploads/bench/ --endpoint-url "$S3"
# listed (so enqueued) before bench/: the warm-up set is processed first
[ "$W" -gt 0 ] && aws s3 cp --recursive --quiet "$OUT/warm/" s3://uploads/a-warm/ --endpoint-url "$S3"
stop_all
rm -rf "$OUT/data/bench-staging"

# --- 3. the service ---
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$PID/stat"; }
# per live thread: tid, name without digits (Linux keeps 15 characters of it), user+sys ticks
thread_ticks() {
  for t in /proc/"$PID"/task/*; do
    awk -v tid="${t##*/}" '{ s = index($0, "("); e = index($0, ")"); name = substr($0, s + 1, e - s - 1)
      gsub(/[-_ #]*[0-9]+/, "", name); gsub(/ /, "_", name); split(substr($0, e + 2), f, " ")
      print tid, name, f[12] + f[13] }' "$t/stat" 2>/dev/null
  done
}
finished() { curl -fsS "$API/metrics" 2>/dev/null | awk '/^imagepipe_messages_total\{/ { n += $NF } END { printf "%d", n }'; }
[ "${JFR:-0}" = 1 ] && JFR_OPTS="-XX:StartFlightRecording=filename=$OUT/service.jfr,settings=profile"

LOAD0=$(load)
if [ "${SPLIT:-0}" = 1 ]; then
  start_servers "$OUT/servers.log" uploads renditions
  # shellcheck disable=SC2046
  env $(split_env) java -jar "$JAR" backfill >"$OUT/backfill.log" 2>&1
  log "$(tail -1 "$OUT/backfill.log"); starting serve; load $LOAD0"
  start_serve "$OUT/service.log"
else
  log "starting the service; load $LOAD0"
  start_local "$OUT/service.log"
fi
# the window opens at the banner, or once the warm-up files are finished
if [ "$W" -gt 0 ]; then
  until [ "$(finished || echo 0)" -ge "$W" ]; do
    kill -0 "$PID" 2>/dev/null || { log "the service died"; exit 1; }
    sleep 0.1
  done
fi
servers_ticks() { if [ -n "$SERVERS_PID" ]; then awk '{ print $14 + $15 }' "/proc/$SERVERS_PID/stat"; else echo 0; fi; }
T0=$(date +%s.%N); C0=$(cpu_ticks); S0=$(servers_ticks); thread_ticks >"$OUT/threads-0.txt"
curl -fsS "$API/metrics" >"$OUT/metrics-0.txt" || true
DONE=0
: >"$OUT/samples.txt"
while :; do
  curl -fsS "$API/metrics" 2>/dev/null >"$OUT/sample.txt" || true
  DONE=$(awk '/^imagepipe_messages_total\{/ { n += $NF } END { printf "%d", n }' "$OUT/sample.txt")
  # worker queue depth and messages in flight, to see whether the workers ever wait for work
  # ... and how many worker threads are running or runnable (state R) rather than waiting (S)
  R=$(awk '{ s = index($0, ")"); split(substr($0, s + 2), f, " ") }
           /\(imagepipe-worke/ && f[1] == "R" { r++ } END { print r + 0 }' /proc/"$PID"/task/*/stat 2>/dev/null || true)
  awk -v r="$R" '/^imagepipe_worker_queue_depth / { q = $NF } /^imagepipe_inflight_messages / { f = $NF }
       END { print q + 0, f + 0, r }' "$OUT/sample.txt" >>"$OUT/samples.txt"
  [ "${DONE:-0}" -ge $((W + N)) ] && break
  kill -0 "$PID" 2>/dev/null || { log "the service died"; exit 1; }
  if [ "$(awk -v a="$T0" -v b="$(date +%s.%N)" 'BEGIN { print (b - a > '"$TIMEOUT"') }')" = 1 ]; then
    log "timed out with $DONE of $N finished"; exit 1
  fi
  sleep 0.2
done
T1=$(date +%s.%N); C1=$(cpu_ticks); S1=$(servers_ticks); thread_ticks >"$OUT/threads-1.txt"
LOAD1=$(load)
PEAK=$(awk '/^VmHWM/ { printf "%.0f", $2 / 1024 }' "/proc/$PID/status")
curl -fsS "$API/metrics" >"$OUT/metrics-1.txt"
[ "${JFR:-0}" = 1 ] && jcmd "$PID" JFR.dump filename="$OUT/service.jfr" >/dev/null
# with -XX:NativeMemoryTracking=summary in SERVICE_JAVA_OPTS: where the resident memory is
case "${SERVICE_JAVA_OPTS:-}" in *NativeMemoryTracking*) jcmd "$PID" VM.native_memory summary >"$OUT/nmt.txt" || true ;; esac
grep -E '^(VmHWM|VmRSS|RssAnon|RssFile)' "/proc/$PID/status" >"$OUT/rss.txt" || true
PROCESSED=$(awk '/^imagepipe_messages_total\{.*outcome="processed"/ { n += $NF } END { printf "%d", n }' "$OUT/metrics-1.txt")
MANIFESTS=$(aws s3 ls --recursive s3://renditions/manifests/ --endpoint-url "$S3" | grep -c '\.json$' || true)
stop_all
HZ=$(getconf CLK_TCK)

{
  echo "set               $SET x $COPIES = $N files measured after $W warm-up files, $WORKERS workers, $(nproc) CPUs"
  echo "service JVM opts  ${SERVICE_JAVA_OPTS:-(none)}"
  echo "outcomes          $(grep '^imagepipe_messages_total{' "$OUT/metrics-1.txt" | sed 's/.*outcome="\([^"]*\)".* \(.*\)/\1=\2/' | tr '\n' ' ')"
  echo "manifests         $MANIFESTS of $((W + N)) in s3://renditions/manifests/"
  awk -v w="$WORKERS" '{ n++; if ($1 == 0) empty++; f += $2; r += $3 } END {
    printf "worker queue      empty in %.0f%% of %d samples (every 0.2 s), mean messages in flight %.1f\n", 100 * empty / n, n, f / n
    printf "workers running   %.0f%% of worker-samples in state R (the rest wait for work or memory)\n", 100 * r / (n * w) }' "$OUT/samples.txt"
  awk -v n="$N" -v t0="$T0" -v t1="$T1" -v c0="$C0" -v c1="$C1" -v hz="$HZ" -v peak="$PEAK" 'BEGIN {
    w = t1 - t0; c = (c1 - c0) / hz
    printf "service wall s    %.1f\nservice images/s  %.2f\nservice CPU s     %.1f (%.0f ms/image, process user+sys)\nservice peak RSS  %s MiB (VmHWM)\n", w, n / w, c, 1000 * c / n, peak }'
  [ "${SPLIT:-0}" = 1 ] && awk -v a="$S0" -v b="$S1" -v hz="$HZ" -v n="$N" 'BEGIN {
    printf "S3+SQS servers    %.1f s CPU (%.0f ms/image) in their own JVM (SPLIT=1: `serve` measured alone above)\n", (b - a) / hz, 1000 * (b - a) / hz / n }'
  echo "load average      start $LOAD0, end $LOAD1"
  echo "CPU s by thread group over the window (live threads at both ends):"
  awk -v hz="$HZ" -v n="$N" 'FNR == NR { before[$1] = $3; next }
    { d = ($3 - before[$1]) / hz; cpu[$2] += d
      g = $2 ~ /^SProxy-Jetty/ ? "S3 server (s3proxy)" \
        : $2 ~ /^(imagepipe-sqs-[ps]|H-|scalikejdbc)/ ? "SQS server (ElasticMQ, H2)" \
        : $2 ~ /^imagepipe-worke/ ? "workers" : $2 ~ /CompilerThre/ ? "JIT compilers" \
        : $2 ~ /^(GC_|G_)/ ? "GC" : "S3/SQS clients, Vert.x, timers, other"
      part[g] += d; if (g !~ /server/) pipe += d; else servers += d }
    END { for (t in cpu) if (cpu[t] >= 0.05) printf "  %-24s %7.1f\n", t, cpu[t]
          for (g in part) printf "  = %-38s %7.1f s %5.0f ms/image\n", g, part[g], 1000 * part[g] / n
          printf "  => pipeline %.1f s (%.0f ms/image), S3+SQS servers %.1f s (%.0f ms/image)\n",
                 pipe, 1000 * pipe / n, servers, 1000 * servers / n }' \
    "$OUT/threads-0.txt" "$OUT/threads-1.txt"
  echo "stage             count   mean ms   (imagepipe_stage_seconds over the window)"
  awk '/^imagepipe_stage_seconds_(sum|count)\{/ {
      match($0, /stage="[^"]*"/); s = substr($0, RSTART + 7, RLENGTH - 8); k = ($0 ~ /_sum\{/) ? "sum" : "count"
      v[FILENAME ~ /-1/, k, s] = $NF; st[s] = 1 }
    END { for (s in st) { c = v[1, "count", s] - v[0, "count", s]; t = v[1, "sum", s] - v[0, "sum", s]
          if (c > 0) printf "  %-15s %6d %9.1f\n", s, c, 1000 * t / c } }' "$OUT/metrics-0.txt" "$OUT/metrics-1.txt" | sort
} | tee "$OUT/summary.txt"
[ "$PROCESSED" -eq $((W + N)) ] && [ "$MANIFESTS" -eq $((W + N)) ] || { log "not every file was processed"; exit 1; }

# --- 4. the core on the same files (the warm-up files first, in the same process) ---
if [ "${CORE:-1}" = 1 ]; then
  LOAD2=$(load)
  read -r CW CC WW WC CM < <(python3 bench/core_window.py "$W" "$N" "$OUT/core.jsonl" -- \
    java ${CORE_JAVA_OPTS:-} -jar "$JAR" resize --workers "$WORKERS" --out "$OUT/core-out" "${WARM_FILES[@]}" "${FILES[@]}" \
    2>"$OUT/core.err")
  LOAD3=$(load)
  FAILED=$(grep -c '"error"' "$OUT/core.jsonl" || true)
  SIPS=$(awk '/^service images\/s/ { print $3 }' "$OUT/summary.txt")
  SCPU=$(awk '/^service CPU s/ { print $4 }' "$OUT/summary.txt")
  SPIPE=$(sed -n 's/.*=> pipeline \([0-9.]*\) s.*/\1/p' "$OUT/summary.txt")
  awk -v n="$N" -v w="$W" -v cw="$CW" -v cc="$CC" -v ww="$WW" -v wc="$WC" -v m="$CM" -v f="$FAILED" \
      -v sips="$SIPS" -v scpu="$SCPU" -v spipe="$SPIPE" -v l2="$LOAD2" -v l3="$LOAD3" 'BEGIN {
    printf "core (resize)     %d files in %.1f s wall from JVM start, CPU %.1f s, peak RSS %.0f MiB, %d failed\n", w + n, cw, cc, m / 1024, f
    printf "core window       the last %d files: %.1f s wall, %.2f images/s, CPU %.1f s (%.0f ms/image)%s\n", n, ww, n / ww, wc, 1000 * wc / n, (w > 0 ? "" : " (JVM start included)")
    printf "core load average start %s, end %s\n", l2, l3
    printf "RATIO throughput service/core %.2f; CPU per image service/core %.2f (process), %.2f (pipeline threads only)\n",
           sips / (n / ww), scpu / wc, spipe / wc }' | tee -a "$OUT/summary.txt"
fi
