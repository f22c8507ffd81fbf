#!/usr/bin/env bash
# The longer load run of bench/RESULTS.md ("The service under load"): a Gatling burst of signed S3
# PUTs against local mode (load-test/run-local.sh), then the core alone on the very same image files
# (the `resize` command, same renditions, same worker count), so the service's overhead is a ratio.
#
#   bench/loadtest.sh                       # 60 images, 1/4/12 MP, workers = CPUs
#   IMAGES=120 WORKERS=2 bench/loadtest.sh  # any -D after it goes to the simulation
#
# Results land in bench/work/loadtest/: usage.txt (service CPU, peak RSS, stage times, load),
# burst.json (upload-to-ready percentiles per size, throughput), core.txt (the resize run).
set -euo pipefail
cd "$(dirname "$0")/.."
IMAGES=${IMAGES:-60}
SIZES=${SIZES:-1,4,12}
PER_SIZE=${PER_SIZE:-2}
WORKERS=${WORKERS:-$(nproc)}
RENDITIONS=${RENDITIONS:-thumb=300x300:fill,medium=800x0:fit,large=1600x1600:fit}
OUT=bench/work/loadtest
rm -rf "$OUT" && mkdir -p "$OUT/core/in"

echo "== the service: burst of $IMAGES signed PUTs ($SIZES MP), $WORKERS workers; load $(cut -d' ' -f1-3 /proc/loadavg)"
IMAGEPIPE_WORKERS=$WORKERS IMAGEPIPE_RENDITIONS=$RENDITIONS load-test/run-local.sh \
  -Dloadtest.burstImages="$IMAGES" -Dloadtest.sizes="$SIZES" -Dloadtest.imagesPerSize="$PER_SIZE" \
  -Dloadtest.readyTimeoutSeconds=900 -Dloadtest.p95Ms=900000 "$@"
cp load-test/target/run-local/usage.txt load-test/target/run-local/metrics-*.txt "$OUT/"
cp load-test/target/loadtest-summary/burst.json "$OUT/"

# The same files in the feeder's order: image i of the burst is image (i mod count) of the library,
# ordered by copy, then size (ImageLibrary.prepare).
mapfile -t LIBRARY < <(for i in $(seq 1 "$PER_SIZE"); do for mp in ${SIZES//,/ }; do
  echo "load-test/target/loadtest-images/photo-${mp}mp-${i}-q90.jpg"; done; done)
for n in $(seq 0 $((IMAGES - 1))); do
  src=${LIBRARY[$((n % ${#LIBRARY[@]}))]}
  ln "$src" "$OUT/core/in/$(printf '%06d' "$n")-$(basename "$src")"
done

echo "== the core: resize of the same $IMAGES files, $WORKERS workers; load $(cut -d' ' -f1-3 /proc/loadavg)"
/usr/bin/time -f "%e s wall, %U s user, %S s system, %M KiB peak RSS" -o "$OUT/core/time.txt" \
  java -jar target/imagepipe.jar resize --renditions "$RENDITIONS" --workers "$WORKERS" \
  --out "$OUT/core/out" "$OUT"/core/in/*.jpg >"$OUT/core/resize.jsonl"
{
  echo "images            $IMAGES"
  echo "time              $(cat "$OUT/core/time.txt")"
  awk '{ print $1 }' "$OUT/core/time.txt" | awk -v n="$IMAGES" '{ printf "images/s          %.2f (JVM start included)\n", n / $1 }'
  echo "load average      after $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$OUT/core.txt"
echo "== service"; cat "$OUT/usage.txt"; cat "$OUT/burst.json"
