#!/usr/bin/env bash
# Builds the service (when its jar is missing or older than the sources), starts local mode on free
# ports, runs one Gatling simulation against it, stops the service, and leaves the HTML report under
# load-test/target/gatling/. Exits non-zero when the build, the service or a Gatling assertion fails.
#
#   load-test/run-local.sh                                  # the CI smoke run (about a minute)
#   load-test/run-local.sh -Dloadtest.burstImages=60 -Dloadtest.sizes=1,4,12   # any -D overrides the smoke values
#   SIMULATION=io.imagepipe.loadtest.RampSimulation load-test/run-local.sh -Dloadtest.flow=s3
#
# Beside the report it writes load-test/target/run-local/: the service's log, /metrics before and
# after, and usage.txt (the service's CPU seconds and peak RSS over the run, stage times, load average).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
OUT="$ROOT/load-test/target/run-local"
JAR=${SERVICE_JAR:-"$ROOT/target/imagepipe.jar"}

# The smoke simulation. Switch to the browser flow once the HTTP API is in main:
#   SIMULATION=${SIMULATION:-io.imagepipe.loadtest.BrowserFlowSimulation}
SIMULATION=${SIMULATION:-io.imagepipe.loadtest.BurstSimulation}
# Smoke sizes: small enough for a 2-core CI machine, loose enough to pass on a busy one; each -D given
# on the command line comes later and wins.
SMOKE=(-Dloadtest.sizes=1,4 -Dloadtest.imagesPerSize=1 -Dloadtest.burstImages=4 -Dloadtest.users=4
       -Dloadtest.rampSeconds=5 -Dloadtest.holdSeconds=10 -Dloadtest.usersPerSec=0.5
       -Dloadtest.readyTimeoutSeconds=90 -Dloadtest.p95Ms=60000)
READY_TIMEOUT=${READY_TIMEOUT:-180}
MVN=("$ROOT/mvnw" -B -ntp)
[ "${OFFLINE:-0}" = 1 ] && MVN+=(-o)

mkdir -p "$OUT"
log() { echo "run-local: $*" >&2; }

if [ -n "${SERVICE_JAR:-}" ]; then
  log "using the given service jar: $JAR"
elif [ ! -f "$JAR" ] || [ -n "$(find "$ROOT/src/main" "$ROOT/pom.xml" -newer "$JAR" -print -quit)" ]; then
  log "building the service"
  "${MVN[@]}" -q package -DskipTests
else
  log "service jar is up to date: $JAR"
fi

SERVICE_PID=
stop_service() {
  if [ -n "$SERVICE_PID" ] && kill -0 "$SERVICE_PID" 2>/dev/null; then
    kill -TERM "$SERVICE_PID" 2>/dev/null || true
    for _ in $(seq 1 30); do kill -0 "$SERVICE_PID" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$SERVICE_PID" 2>/dev/null || true
  fi
}
trap stop_service EXIT

log "starting local mode on free ports"
# One load generator is one client address: the API's per-address rate limit would refuse it.
IMAGEPIPE_API_RATE_LIMIT=${IMAGEPIPE_API_RATE_LIMIT:-0} \
java ${SERVICE_JAVA_OPTS:-} -jar "$JAR" local --in-memory --http-port 0 --s3-port 0 --sqs-port 0 \
  >"$OUT/service.log" 2>&1 &
SERVICE_PID=$!
# ready once the banner is out: it names the S3 endpoint and the HTTP base URL
banner_ready() { grep -q '^  S3 (s3proxy) ' "$OUT/service.log" && grep -q '^  HTTP  ' "$OUT/service.log"; }
for _ in $(seq 1 "$READY_TIMEOUT"); do
  banner_ready && break
  kill -0 "$SERVICE_PID" 2>/dev/null || { cat "$OUT/service.log" >&2; log "the service exited at start"; exit 1; }
  sleep 1
done
banner_ready || { log "the service was not ready in ${READY_TIMEOUT} s"; exit 1; }
S3=$(sed -n 's|^  S3 (s3proxy) *\(http[^ ]*\).*|\1|p' "$OUT/service.log" | head -1)
API=$(sed -n 's|^  HTTP *\(http[^ ]*\).*|\1|p' "$OUT/service.log" | head -1)
S3=${S3%/}
API=${API%/}
[ -n "$S3" ] && [ -n "$API" ] || { log "cannot read the endpoints from the service's banner"; exit 1; }
log "service pid $SERVICE_PID: S3 $S3, HTTP $API"

# what the service process has used so far: CPU seconds (user+system), peak resident set (VmHWM)
cpu_seconds() { awk -v hz="$(getconf CLK_TCK)" '{ print ($14 + $15) / hz }' "/proc/$SERVICE_PID/stat"; }
peak_rss_mib() { awk '/^VmHWM/ { printf "%.0f", $2 / 1024 }' "/proc/$SERVICE_PID/status"; }
# per thread: "tid group ticks", group = the thread's name without its numbers (Linux keeps 15 characters)
thread_cpu() {
  for t in /proc/"$SERVICE_PID"/task/*; do
    awk -v tid="${t##*/}" '{ s = index($0, "("); e = index($0, ")"); name = substr($0, s + 1, e - s - 1)
      gsub(/[-_ #]*[0-9]+/, "", name); gsub(/ /, "_", name); split(substr($0, e + 2), f, " "); print tid, name, f[12] + f[13] }' "$t/stat" 2>/dev/null
  done
}
scrape() { curl -fsS "$API/metrics" >"$1" 2>/dev/null || wget -qO "$1" "$API/metrics" || : >"$1"; }

scrape "$OUT/metrics-before.txt"
CPU_BEFORE=$(cpu_seconds)
thread_cpu >"$OUT/threads-before.txt"
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
START=$(date +%s.%N)

set +e
"${MVN[@]}" -f "$ROOT/load-test/pom.xml" test gatling:test \
  -Dgatling.simulationClass="$SIMULATION" \
  -Dloadtest.apiUrl="$API" -Dloadtest.s3Endpoint="$S3" \
  -Dloadtest.accessKey=imagepipe -Dloadtest.secretKey=imagepipe-local-secret -Dloadtest.region=us-east-1 \
  "${SMOKE[@]}" "$@"
STATUS=$?
set -e

END=$(date +%s.%N)
CPU_AFTER=$(cpu_seconds)
thread_cpu >"$OUT/threads-after.txt"
PEAK=$(peak_rss_mib)
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
scrape "$OUT/metrics-after.txt"
{
  echo "simulation        $SIMULATION"
  echo "wall seconds      $(awk -v a="$START" -v b="$END" 'BEGIN { printf "%.1f", b - a }') (Maven, Gatling start-up and the run)"
  echo "service CPU s     $(awk -v a="$CPU_BEFORE" -v b="$CPU_AFTER" 'BEGIN { printf "%.1f", b - a }') (user+system of pid $SERVICE_PID over that time)"
  echo "service peak RSS  ${PEAK} MiB (VmHWM, since start)"
  echo "load average      before $LOAD_BEFORE, after $LOAD_AFTER ($(nproc) CPUs)"
  echo "CPU s by thread group (live threads; in local mode S3 and SQS share the service's JVM):"
  awk -v hz="$(getconf CLK_TCK)" 'FNR == NR { before[$1] = $3; next }
    { cpu[$2] += ($3 - before[$1]) / hz } END { for (g in cpu) if (cpu[g] >= 0.05) printf "  %-24s %7.1f\n", g, cpu[g] }' \
    "$OUT/threads-before.txt" "$OUT/threads-after.txt" | sort -k2 -n -r
  echo "stage             images   mean ms   (imagepipe_stage_seconds, after minus before)"
  awk '
    /^imagepipe_stage_seconds_(sum|count)\{/ {
      match($0, /stage="[^"]*"/); stage = substr($0, RSTART + 7, RLENGTH - 8)
      kind = ($0 ~ /_sum\{/) ? "sum" : "count"
      v[FILENAME, kind, stage] = $NF; stages[stage] = 1; files[FILENAME] = 1
    }
    END {
      n = 0; for (f in files) order[n++] = f
      before = (order[0] ~ /before/) ? order[0] : order[1]; after = (before == order[0]) ? order[1] : order[0]
      for (s in stages) {
        c = v[after, "count", s] - v[before, "count", s]; t = v[after, "sum", s] - v[before, "sum", s]
        if (c > 0) printf "%-17s %6d %9.1f\n", s, c, 1000 * t / c
      }
    }' "$OUT/metrics-before.txt" "$OUT/metrics-after.txt" | sort
} | tee "$OUT/usage.txt"

REPORT=$(ls -dt "$ROOT"/load-test/target/gatling/*/ 2>/dev/null | head -1)
log "report: ${REPORT}index.html"
if [ "$STATUS" -ne 0 ]; then
  log "the simulation failed (exit $STATUS): an assertion or a request failed, see above"
fi
exit "$STATUS"
