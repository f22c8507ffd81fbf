#!/usr/bin/env bash
# imagepipe's core against the anchors, side by side in one run: CPU ms per source image for three
# renditions (1600, 800, 200 px long edge, JPEG q85), the ratio to libvips, and the SSIM of each
# one's 800 px rendition against a Lanczos reference (../shared/anchors/ssim.py).
#
# usage: bench/compare.sh            (from anywhere; takes about 5 minutes on 2 cores)
# env:   ROUNDS=2      how many times the three engines run in turn, per set (the machine is noisy)
#        SETS="baseline progressive"
#        CORPUS=DIR    the photo corpus (default bench/work/photos; built by ../shared/corpus/photos.sh if missing)
#        OUT=DIR       outputs and logs (default bench/work/compare)
#        JAVA_OPTS     JVM options for the imagepipe harness (default -Xmx1g)
#        SKIP_BUILD=1  use the existing target/imagepipe.jar
# Needs ../shared (anchors, corpus script) beside the repository; skips with a message without it.
# Installs what it needs with apt-get (libvips-dev, python3-pil/-numpy/-scipy, imagemagick).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
shared=${SHARED:-$repo/../shared}
if [[ ! -f $shared/anchors/vips_bench.c || ! -f $shared/corpus/photos.sh ]]; then
  echo "compare.sh: $shared/anchors and $shared/corpus are absent here; skipping the comparison" >&2
  exit 0
fi
shared=$(cd "$shared" && pwd)
rounds=${ROUNDS:-2}
sets=${SETS:-baseline progressive}
corpus=${CORPUS:-$repo/bench/work/photos}
out=${OUT:-$repo/bench/work/compare}
java_opts=${JAVA_OPTS:--Xmx1g}
spec='large=1600x1600:fit,medium=800x800:fit,small=200x200:fit'

need() { # need CHECK-COMMAND PACKAGE...
  if ! bash -c "$1" >/dev/null 2>&1; then
    shift
    echo "compare.sh: installing $*" >&2
    local sudo=; [[ $(id -u) -eq 0 ]] || sudo=sudo
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >/dev/null 2>&1 ||
      { $sudo apt-get update -qq >/dev/null 2>&1; DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >/dev/null; }
  fi
}
need 'pkg-config --exists vips' libvips-dev pkg-config
need 'command -v cc' gcc
need "/usr/bin/python3 -c 'import PIL, numpy, scipy'" python3-pil python3-numpy python3-scipy
need 'convert -version | grep -q ImageMagick' imagemagick

if ! ls "$corpus"/baseline/*.jpg >/dev/null 2>&1; then
  echo "compare.sh: building the photo corpus in $corpus" >&2
  bash "$shared/corpus/photos.sh" "$corpus" >&2
fi
mkdir -p "$out/bin" "$out/logs"
if [[ -z ${SKIP_BUILD:-} || ! -f $repo/target/imagepipe.jar ]]; then
  echo "compare.sh: building target/imagepipe.jar" >&2
  (cd "$repo" && ./mvnw -q -B package -DskipTests)
fi
cc -O2 -o "$out/bin/vips_bench" "$shared/anchors/vips_bench.c" $(pkg-config --cflags --libs vips)

# One engine on one set; prints "CPU_MS" (mean CPU per source image) and keeps the full log.
run_vips() { "$out/bin/vips_bench" 0 1 3 "$1" "${@:2}" | tee -a "$log" | sed -n 's/.*MEAN.* cpu=\([0-9.]*\).*/\1/p'; }
run_pillow() { /usr/bin/python3 "$shared/anchors/pillow_bench.py" thumb3 1 3 "$1" "${@:2}" | tee -a "$log" | sed -n 's/.*MEAN.* cpu=\([0-9.]*\).*/\1/p'; }
run_imagepipe() {
  # shellcheck disable=SC2086
  java $java_opts -cp "$repo/target/imagepipe.jar" "$repo/bench/CorePerImage.java" 2 3 "$1" "$spec" "${@:2}" |
    tee -a "$log" | sed -n 's/.*MEAN cpu=\([0-9.]*\).*/\1/p'
}

table="$out/results.md"
{
  echo "| set | engine | CPU ms/image (per round) | mean | ratio to libvips | SSIM of 800 px (min) |"
  echo "| --- | --- | --- | --- | --- | --- |"
} >"$table"
for set in $sets; do
  files=$(ls "$corpus/$set"/*.jpg)
  log="$out/logs/$set.log"; : >"$log"
  declare -A cpu=()
  for engine in vips pillow imagepipe; do mkdir -p "$out/$set/$engine"; cpu[$engine]=; done
  for ((r = 1; r <= rounds; r++)); do
    for engine in vips pillow imagepipe; do
      echo "compare.sh: $set round $r/$rounds: $engine" >&2
      # shellcheck disable=SC2086
      ms=$(run_$engine "$out/$set/$engine" $files)
      cpu[$engine]="${cpu[$engine]} $ms"
    done
  done
  ssim=$(/usr/bin/python3 "$shared/anchors/ssim.py" "$out/ssim-ref" "$corpus/$set" "$out/$set/vips" "$out/$set/pillow" \
    "$out/$set/imagepipe/{name}_medium.jpg" | tee -a "$log")
  vips_mean=$(echo "${cpu[vips]}" | awk '{s=0; for(i=1;i<=NF;i++) s+=$i; print s/NF}')
  for engine in vips pillow imagepipe; do
    mean=$(echo "${cpu[$engine]}" | awk '{s=0; for(i=1;i<=NF;i++) s+=$i; printf "%.1f", s/NF}')
    ratio=$(awk -v a="$mean" -v b="$vips_mean" 'BEGIN{printf "%.2f", a/b}')
    s=$(echo "$ssim" | grep "/$engine" | sed -n 's/.*SSIM=\([0-9.]*\) (min \([0-9.]*\) \([a-z]*\)).*/\1 (\2 \3)/p')
    echo "| $set | $engine | ${cpu[$engine]# } | $mean | $ratio | $s |" >>"$table"
  done
done
echo
echo "CPU: libvips and Pillow from getrusage/process_time in their harnesses; imagepipe from the JVM's process CPU"
echo "(all threads: GC and JIT included). JVM: $(java -version 2>&1 | head -1), options: $java_opts. Logs: $out/logs"
cat "$table"
