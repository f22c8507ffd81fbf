#!/usr/bin/env bash
# What a cold JVM pays before the first image, per command, with and without the class-data sharing
# archive and the launcher's flags (README "Start-up"; bench/RESULTS.md "Start-up"). Every figure is
# one fresh JVM; the configurations take turns within each repetition, so load changes hit them alike.
#
#   resize, 1 photo    process CPU (user + sys, getrusage) and wall time = time to the first image
#   resize, 24 photos  3 copies of the baseline set: process CPU, beside vipsthumbnail once per size
#   local              process start -> banner, and -> the first manifest of an upload made right
#                      after the banner (POST /api/uploads, PUT to the signed URL, GET ?wait=25);
#                      CPU of the process (/proc/PID/stat) when the manifest arrived
#   serve              against a local mode's S3 and SQS (started once, in its own JVM): process
#                      start -> /health/ready answers 200; CPU of the process then
#
# Configurations: plain (java -jar), archive (+ -XX:SharedArchiveFile=target/imagepipe.jsa for resize,
# target/imagepipe-service.jsa for local and serve), launcher (bin/imagepipe: that archive, and C1 only
# for resize of at most 3 files). With JDK25 set (default: the Temurin 25 JDK when installed): plain25,
# archive25 (the same two archives made by ArchiveTraining under JDK 25, into OUT) and, for resize only,
# aot25 (JDK 25's AOT cache, JEP 483/514/515, from the resize training run: -XX:AOTCacheOutput, into OUT).
#
# usage: bench/startup.sh          (about 10 minutes on 2 shared cores with REPS=5)
# env:   REPS=5  CORPUS=DIR (default bench/work/photos; needs DIR/baseline/*.jpg for the 24-photo figure)
#        PHOTO=FILE (default: the first baseline photo)  OUT=DIR (default bench/work/startup)
#        PARTS="resize resize24 local serve"  JDK25=DIR (JDK25= to skip)  CONFIGS="plain archive launcher"
#        ARCHIVE=FILE SERVICE_ARCHIVE=FILE  other archives for the archive configuration (default
#                      target/imagepipe.jsa for resize, target/imagepipe-service.jsa for local and serve)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
jar=$repo/target/imagepipe.jar
archive=${ARCHIVE:-$repo/target/imagepipe.jsa}
service_archive=${SERVICE_ARCHIVE:-$repo/target/imagepipe-service.jsa}
reps=${REPS:-5}
corpus=${CORPUS:-$repo/bench/work/photos}
out=${OUT:-$repo/bench/work/startup}
parts=${PARTS:-resize resize24 local serve}
jdk25=${JDK25-/usr/lib/jvm/temurin-25-jdk-amd64}
[[ -x $jdk25/bin/java ]] || jdk25=
configs=${CONFIGS:-plain archive launcher${jdk25:+ plain25 archive25 aot25}}
spec='large=1600x1600:fit,medium=800x800:fit,small=200x200:fit'
[[ -f $jar ]] || (cd "$repo" && ./mvnw -q -B package -DskipTests)
for a in "$archive" "$service_archive"; do
  [[ -f $a ]] || { echo "startup.sh: no $a (did ./mvnw package make it? see its log)" >&2; exit 1; }
done
mkdir -p "$out"
photo=${PHOTO:-$(ls "$corpus"/baseline/*.jpg 2>/dev/null | head -1)}
if [[ -z $photo ]]; then
  photo=$out/photo.jpg
  convert -size 4000x3000 plasma:fractal -quality 90 "$photo"
fi
aot=$out/imagepipe-25.aot
if [[ " $configs " == *" archive25 "* && ! $out/imagepipe-service-25.jsa -nt $jar ]]; then
  echo "startup.sh: making JDK 25's archives into $out" >&2
  "$jdk25/bin/java" -cp "$jar" io.imagepipe.ArchiveTraining resize "$out/imagepipe-25.jsa" >/dev/null 2>&1
  "$jdk25/bin/java" -cp "$jar" io.imagepipe.ArchiveTraining service "$out/imagepipe-service-25.jsa" >/dev/null 2>&1
fi
if [[ " $configs " == *" aot25 "* && ! $aot -nt $jar ]]; then
  echo "startup.sh: training JDK 25's AOT cache into $aot" >&2
  "$jdk25/bin/java" -XX:AOTCacheOutput="$aot" -Xlog:aot=off,cds=off -cp "$jar" io.imagepipe.ArchiveTraining --train >/dev/null 2>&1 ||
    echo "startup.sh: the AOT cache training failed" >&2
fi

# The command line of one configuration for one command, before the command's own arguments.
launch() { # config command
  local a=$service_archive
  [[ $2 == resize ]] && a=$archive
  case $1 in
    plain) echo "java -jar $jar" ;;
    archive) echo "java -XX:SharedArchiveFile=$a -jar $jar" ;;
    launcher) echo "$repo/bin/imagepipe" ;;
    plain25) echo "$jdk25/bin/java -jar $jar" ;;
    archive25) if [[ $2 == resize ]]; then echo "$jdk25/bin/java -XX:SharedArchiveFile=$out/imagepipe-25.jsa -jar $jar"
      else echo "$jdk25/bin/java -XX:SharedArchiveFile=$out/imagepipe-service-25.jsa -jar $jar"; fi ;;
    aot25) if [[ $2 == resize ]]; then echo "$jdk25/bin/java -XX:AOTCache=$aot -jar $jar"; fi ;;
  esac
}
# rusage CMD... -> "CPU_SECONDS WALL_SECONDS" of the command's process tree
rusage() {
  /usr/bin/python3 -c 'import resource, subprocess, sys, time
t = time.monotonic()
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
w = time.monotonic() - t
r = resource.getrusage(resource.RUSAGE_CHILDREN)
print("%.3f %.3f" % (r.ru_utime + r.ru_stime, w))' "$@"
}
now() { date +%s.%N; }
cpu_of() { # CPU seconds of a running process, all its threads
  awk -v hz="$(getconf CLK_TCK)" '{sub(/.*\) /, ""); printf "%.3f", ($12 + $13) / hz}' "/proc/$1/stat"
}
free_ports() { # three different free ports, all held open until all are known
  /usr/bin/python3 -c 'import socket
socks = [socket.socket() for _ in range(3)]
for s in socks: s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in socks))'
}
wait_for() { # wait_for SECONDS COMMAND... : until the command succeeds
  local until=$(($(date +%s) + $1)); shift
  until "$@" >/dev/null 2>&1; do
    (($(date +%s) < until)) || return 1
    sleep 0.02
  done
}
stop() { kill -TERM "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }

results=$out/results.tsv
echo -e "part\tconfig\trep\tcpu_s\twall_s\textra" >"$results"
record() { echo -e "$1\t$2\t$3\t$4\t$5\t${6:-}" >>"$results"; }

resize_one() { # config rep
  local c w
  # shellcheck disable=SC2046
  read -r c w < <(rusage $(launch "$1" resize) resize --renditions "$spec" --out "$out/resize" "$photo")
  record resize "$1" "$2" "$c" "$w"
}
resize_24() {
  local in=$out/in24 c w
  if [[ ! -d $in ]]; then
    mkdir -p "$in" "$out/vips"
    for k in a b c; do for f in "$corpus"/baseline/*.jpg; do cp "$f" "$in/${k}_$(basename "$f")"; done; done
  fi
  # shellcheck disable=SC2046
  read -r c w < <(rusage $(launch "$1" resize) resize --renditions "$spec" --out "$out/resize24" "$in"/*.jpg)
  record resize24 "$1" "$2" "$c" "$w"
}
vips_24() {
  local in=$out/in24 total=0 c w
  for size in 1600 800 200; do
    read -r c w < <(rusage vipsthumbnail --size="${size}x${size}" -o "$out/vips/%s_$size.jpg[Q=85]" "$in"/*.jpg)
    total=$(awk -v a="$total" -v b="$c" 'BEGIN{print a + b}')
  done
  record resize24 vipsthumbnail "$1" "$total" 0
}

local_first_manifest() { # config rep
  local s3 sqs http log=$out/local.log pid t0 tb tm cpu key size=$(stat -c%s "$photo")
  read -r s3 sqs http < <(free_ports)
  t0=$(now)
  # shellcheck disable=SC2046
  IMAGEPIPE_API_RATE_LIMIT=0 $(launch "$1" local) local --in-memory --s3-port "$s3" --sqs-port "$sqs" --http-port "$http" >"$log" 2>&1 &
  pid=$!
  wait_for 120 grep -q "imagepipe is ready" "$log" || { echo "startup.sh: local did not start ($log)" >&2; stop $pid; return 1; }
  tb=$(now)
  if ! curl -sf "http://127.0.0.1:$http/api/uploads" -H 'Content-Type: application/json' \
      -d "{\"filename\":\"photo.jpg\",\"contentType\":\"image/jpeg\",\"size\":$size}" -o "$out/upload.json" ||
    ! curl -sf -X PUT "$(jq -r .url "$out/upload.json")" -H 'Content-Type: image/jpeg' --data-binary @"$photo" -o /dev/null ||
    ! curl -sf "http://127.0.0.1:$http$(jq -r .statusUrl "$out/upload.json")?wait=25" -o "$out/manifest.json"; then
    echo "startup.sh: the upload to local ($1) failed; its log: $(tail -5 "$log")" >&2
    stop $pid
    return 1
  fi
  tm=$(now); cpu=$(cpu_of $pid)
  stop $pid
  jq -e '.renditions | length > 0' "$out/manifest.json" >/dev/null || { echo "startup.sh: no renditions in the manifest" >&2; return 1; }
  record local "$1" "$2" "$cpu" "$(awk -v a="$t0" -v b="$tm" 'BEGIN{printf "%.3f", b - a}')" \
    "banner_s=$(awk -v a="$t0" -v b="$tb" 'BEGIN{printf "%.3f", b - a}')"
}

serve_ready() { # config rep s3port sqsport
  local http pid t0 tr cpu
  read -r http _ < <(free_ports)
  t0=$(now)
  # shellcheck disable=SC2046
  env IMAGEPIPE_S3_ENDPOINT="http://127.0.0.1:$3" IMAGEPIPE_SQS_ENDPOINT="http://127.0.0.1:$4" \
    IMAGEPIPE_QUEUE_URL="http://127.0.0.1:$4/000000000000/imagepipe-events" \
    IMAGEPIPE_DLQ_URL="http://127.0.0.1:$4/000000000000/imagepipe-events-dlq" \
    IMAGEPIPE_HTTP_PORT="$http" AWS_ACCESS_KEY_ID=imagepipe AWS_SECRET_ACCESS_KEY=imagepipe-local-secret \
    AWS_REGION=us-east-1 $(launch "$1" serve) serve >"$out/serve.log" 2>&1 &
  pid=$!
  wait_for 120 curl -sf "http://127.0.0.1:$http/health/ready" || { echo "startup.sh: serve not ready ($out/serve.log)" >&2; stop $pid; return 1; }
  tr=$(now); cpu=$(cpu_of $pid)
  stop $pid
  record serve "$1" "$2" "$cpu" "$(awk -v a="$t0" -v b="$tr" 'BEGIN{printf "%.3f", b - a}')"
}

echo "startup.sh: $reps repetitions of: $parts; configurations: $configs; photo $photo" >&2
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
if [[ " $parts " == *" serve "* ]]; then
  read -r s3 sqs lhttp < <(free_ports)
  java -jar "$jar" local --in-memory --s3-port "$s3" --sqs-port "$sqs" --http-port "$lhttp" >"$out/serve-local.log" 2>&1 &
  local_pid=$!
  trap 'stop $local_pid' EXIT
  wait_for 120 grep -q "imagepipe is ready" "$out/serve-local.log" || { echo "startup.sh: local for serve did not start" >&2; exit 1; }
fi
for ((r = 1; r <= reps; r++)); do
  echo "startup.sh: repetition $r/$reps (load $(cut -d' ' -f1 /proc/loadavg))" >&2
  for config in $configs; do
    # A failed measurement is reported and left out; the others go on.
    if [[ " $parts " == *" resize "* ]]; then resize_one "$config" "$r" || echo "startup.sh: resize $config failed" >&2; fi
    if [[ " $parts " == *" resize24 "* && -d $corpus/baseline ]]; then
      resize_24 "$config" "$r" || echo "startup.sh: resize24 $config failed" >&2
    fi
    if [[ " $parts " == *" local "* && -n $(launch "$config" local) ]]; then
      local_first_manifest "$config" "$r" || echo "startup.sh: local $config failed" >&2
    fi
    if [[ " $parts " == *" serve "* && -n $(launch "$config" serve) ]]; then
      serve_ready "$config" "$r" "$s3" "$sqs" || echo "startup.sh: serve $config failed" >&2
    fi
  done
  [[ " $parts " == *" resize24 "* && -d $corpus/baseline ]] && command -v vipsthumbnail >/dev/null && vips_24 "$r"
done

# Medians per part and configuration.
echo
echo "Load average: $load_before at the start, $(cut -d' ' -f1-3 /proc/loadavg) at the end (2 cores, shared)."
echo "JVMs: $(java -version 2>&1 | head -1)${jdk25:+; $("$jdk25/bin/java" -version 2>&1 | head -1)}. Photo: $photo ($(identify -format '%wx%h' "$photo" 2>/dev/null || echo '?'))."
echo
echo "| part | configuration | runs | CPU s (median) | wall s (median) | also |"
echo "| --- | --- | --- | --- | --- | --- |"
/usr/bin/python3 - "$results" <<'EOF'
import csv, statistics, sys
rows = list(csv.DictReader(open(sys.argv[1]), delimiter="\t"))
seen = []
for r in rows:
    if (r["part"], r["config"]) not in seen:
        seen.append((r["part"], r["config"]))
for part, config in seen:
    rs = [r for r in rows if r["part"] == part and r["config"] == config]
    cpu = statistics.median(float(r["cpu_s"]) for r in rs)
    wall = statistics.median(float(r["wall_s"]) for r in rs)
    extra = [r["extra"] for r in rs if r["extra"]]
    also = ""
    if extra:
        key = extra[0].split("=")[0]
        also = "%s %.3f" % (key, statistics.median(float(e.split("=")[1]) for e in extra))
    vips = [float(r["cpu_s"]) for r in rows if r["part"] == part and r["config"] == "vipsthumbnail"]
    if vips:
        also = "%.2fx vipsthumbnail's CPU" % (cpu / statistics.median(vips))
    print("| %s | %s | %d | %.3f | %s | %s |" % (part, config, len(rs), cpu, "%.3f" % wall if wall else "-", also))
EOF
