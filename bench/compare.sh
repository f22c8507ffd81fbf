#!/usr/bin/env bash
# imagepipe's core against the anchors, side by side in one run: CPU ms per source image for three
# renditions (1600, 800, 200 px long edge, JPEG q85), the ratio to libvips, and the SSIM of each
# one's 800 px rendition against a Lanczos reference (../shared/anchors/ssim.py).
#
# Then the whole-process figure: `java -jar target/imagepipe.jar resize` over 3 copies of each set
# against vipsthumbnail run once per size over the same files (CPU of the processes, peak RSS).
#
# usage: bench/compare.sh            (from anywhere; takes about 15 minutes on 2 cores)
# env:   ROUNDS=2      how many times the engines run in turn, per set (the machine is noisy)
#        SETS="baseline progressive uploads"   (uploads: 200 JPEGs of 1.5-5 MP made by bench/uploads.sh;
#                      png: the corpus's 20 MP RGB PNG, written as JPEG q85 by every engine, no SSIM column)
#        JDK25=DIR     a second JDK whose imagepipe figures are measured beside the default java's
#                      (default /usr/lib/jvm/temurin-25-jdk-amd64 when present; JDK25= to skip)
#        CLI_SETS="baseline progressive"  sets for the whole-process figure (CLI_SETS= to skip)
#        CORPUS=DIR    the photo corpus (default bench/work/photos; built by ../shared/corpus/photos.sh if missing)
#        OUT=DIR       outputs and logs (default bench/work/compare)
#        JAVA_OPTS     JVM options for the imagepipe harness (default -Xmx1g)
#        SKIP_BUILD=1  use the existing target/imagepipe.jar
#        ENGINES="vips pillow imagepipe imagepipe25"   a subset to save time (vips must stay: the ratios)
#        WARMUP=1 REPS=3  passes per file: warm-up and measured (imagepipe gets WARMUP+1 warm-up passes: JIT)
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
sets=${SETS-baseline progressive uploads}
cli_sets=${CLI_SETS-baseline progressive}
jdk25=${JDK25-/usr/lib/jvm/temurin-25-jdk-amd64}
[[ -x $jdk25/bin/java ]] || jdk25=
corpus=${CORPUS:-$repo/bench/work/photos}
out=${OUT:-$repo/bench/work/compare}
java_opts=${JAVA_OPTS:--Xmx1g}
spec='large=1600x1600:fit,medium=800x800:fit,small=200x200:fit'
# The anchors write JPEG whatever the source; imagepipe would keep PNG for a PNG source unless told.
jpeg_spec='large=1600x1600:fit:jpeg,medium=800x800:fit:jpeg,small=200x200:fit:jpeg'
sources() { ls "$1"/*.jpg "$1"/*.png 2>/dev/null || true; }
spec_for() { if ls "$1"/*.png >/dev/null 2>&1; then echo "$jpeg_spec"; else echo "$spec"; fi; }

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
if [[ " $sets " == *" uploads "* ]] && ! ls "$corpus"/uploads/*.jpg >/dev/null 2>&1; then
  echo "compare.sh: making the uploads set in $corpus/uploads" >&2
  bash "$repo/bench/uploads.sh" "$corpus" "$corpus/uploads" >&2
fi
mkdir -p "$out/bin" "$out/logs"
if [[ -z ${SKIP_BUILD:-} || ! -f $repo/target/imagepipe.jar ]]; then
  echo "compare.sh: building target/imagepipe.jar" >&2
  (cd "$repo" && ./mvnw -q -B package -DskipTests)
fi
cc -O2 -o "$out/bin/vips_bench" "$shared/anchors/vips_bench.c" $(pkg-config --cflags --libs vips)

# One engine on one set; prints "CPU_MS" (mean CPU per source image) and keeps the full log.
warmup=${WARMUP:-1}
reps=${REPS:-3}
run_vips() { "$out/bin/vips_bench" 0 "$warmup" "$reps" "$1" "${@:2}" | tee -a "$log" | sed -n 's/.*MEAN.* cpu=\([0-9.]*\).*/\1/p'; }
run_pillow() { /usr/bin/python3 "$shared/anchors/pillow_bench.py" thumb3 "$warmup" "$reps" "$1" "${@:2}" | tee -a "$log" | sed -n 's/.*MEAN.* cpu=\([0-9.]*\).*/\1/p'; }
run_imagepipe() {
  # shellcheck disable=SC2086
  java $java_opts -cp "$repo/target/imagepipe.jar" "$repo/bench/CorePerImage.java" $((warmup + 1)) "$reps" "$1" "$set_spec" "${@:2}" |
    tee -a "$log" | sed -n 's/.*MEAN cpu=\([0-9.]*\).*/\1/p'
}
run_imagepipe25() {
  # shellcheck disable=SC2086
  "$jdk25/bin/java" --enable-native-access=ALL-UNNAMED $java_opts -cp "$repo/target/imagepipe.jar" \
    "$repo/bench/CorePerImage.java" $((warmup + 1)) "$reps" "$1" "$set_spec" "${@:2}" | tee -a "$log" | sed -n 's/.*MEAN cpu=\([0-9.]*\).*/\1/p'
}
engines=${ENGINES:-vips pillow imagepipe${jdk25:+ imagepipe25}}

table="$out/results.md"
{
  echo "| set | engine | CPU ms/image (per round) | mean | ratio to libvips | SSIM of 800 px (min) |"
  echo "| --- | --- | --- | --- | --- | --- |"
} >"$table"
for set in $sets; do
  files=$(sources "$corpus/$set")
  set_spec=$(spec_for "$corpus/$set")
  log="$out/logs/$set.log"; : >"$log"
  declare -A cpu=()
  for engine in $engines; do mkdir -p "$out/$set/$engine"; cpu[$engine]=; done
  for ((r = 1; r <= rounds; r++)); do
    for engine in $engines; do
      echo "compare.sh: $set round $r/$rounds: $engine" >&2
      # shellcheck disable=SC2086
      ms=$(run_$engine "$out/$set/$engine" $files)
      cpu[$engine]="${cpu[$engine]} $ms"
    done
  done
  ssim=$(/usr/bin/python3 "$shared/anchors/ssim.py" "$out/ssim-ref" "$corpus/$set" "$out/$set/vips" "$out/$set/pillow" \
    "$out/$set/imagepipe/{name}_medium.jpg" ${jdk25:+$([[ " $engines " == *" imagepipe25 "* ]] && echo "$out/$set/imagepipe25/{name}_medium.jpg")} | tee -a "$log")
  vips_mean=$(echo "${cpu[vips]}" | awk '{s=0; for(i=1;i<=NF;i++) s+=$i; print s/NF}')
  for engine in $engines; do
    mean=$(echo "${cpu[$engine]}" | awk '{s=0; for(i=1;i<=NF;i++) s+=$i; printf "%.1f", s/NF}')
    ratio=$(awk -v a="$mean" -v b="$vips_mean" 'BEGIN{printf "%.2f", a/b}')
    # The scorer prints each output folder first; match this engine's folder from the start of the line
    # (a checkout whose path contains ".../imagepipe/..." must not match every engine's line).
    s=$(echo "$ssim" | awk -v dir="$out/$set/$engine" 'index($0, dir "/") == 1 || index($0, dir " ") == 1' | sed -n 's/.*SSIM=\([0-9.]*\) (min \([0-9.]*\) \([a-z0-9_-]*\)).*/\1 (\2 \3)/p' || true)
    echo "| $set | $engine | ${cpu[$engine]# } | $mean | $ratio | $s |" >>"$table"
  done
done
# Whole processes: imagepipe's resize command against vipsthumbnail once per size, over 3 copies of a set.
# CPU = user + system of the process and its children (getrusage), peak RSS from the same call.
cli_table="$out/cli.md"
{
  echo "| set | command | files | CPU s (per round) | mean | ratio to vipsthumbnail | peak RSS MB |"
  echo "| --- | --- | --- | --- | --- | --- | --- |"
} >"$cli_table"
rusage() { # rusage CMD...  -> "CPU_SECONDS MAXRSS_MB" of the command's process tree
  /usr/bin/python3 -c 'import resource, subprocess, sys
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
r = resource.getrusage(resource.RUSAGE_CHILDREN)
print("%.2f %.0f" % (r.ru_utime + r.ru_stime, r.ru_maxrss / 1024))' "$@"
}
for set in $cli_sets; do
  in="$out/cli/$set/in"; rm -rf "$out/cli/$set"; mkdir -p "$in" "$out/cli/$set/vips" "$out/cli/$set/imagepipe"
  for c in a b c; do for f in $(sources "$corpus/$set"); do cp "$f" "$in/${c}_$(basename "$f")"; done; done
  mapfile -t files < <(sources "$in")
  set_spec=$(spec_for "$in")
  declare -A cli=() rss=()
  for ((r = 1; r <= rounds; r++)); do
    echo "compare.sh: $set whole process, round $r/$rounds" >&2
    v=0; vr=0
    for size in 1600 800 200; do
      read -r c m < <(rusage vipsthumbnail --size="${size}x${size}" -o "$out/cli/$set/vips/%s_$size.jpg[Q=85]" "${files[@]}")
      v=$(awk -v a="$v" -v b="$c" 'BEGIN{print a+b}'); vr=$((m > vr ? m : vr))
    done
    cli[vips]="${cli[vips]:-} $v"; rss[vips]=$vr
    read -r c m < <(rusage java -jar "$repo/target/imagepipe.jar" resize --renditions "$set_spec" --out "$out/cli/$set/imagepipe" "${files[@]}")
    cli[imagepipe]="${cli[imagepipe]:-} $c"; rss[imagepipe]=$m
    if [[ -n $jdk25 ]]; then
      read -r c m < <(rusage "$jdk25/bin/java" -jar "$repo/target/imagepipe.jar" resize --renditions "$set_spec" --out "$out/cli/$set/imagepipe" "${files[@]}")
      cli[imagepipe25]="${cli[imagepipe25]:-} $c"; rss[imagepipe25]=$m
    fi
  done
  vmean=$(echo "${cli[vips]}" | awk '{s=0; for(i=1;i<=NF;i++) s+=$i; print s/NF}')
  for engine in vips imagepipe${jdk25:+ imagepipe25}; do
    mean=$(echo "${cli[$engine]}" | awk '{s=0; for(i=1;i<=NF;i++) s+=$i; printf "%.2f", s/NF}')
    ratio=$(awk -v a="$mean" -v b="$vmean" 'BEGIN{printf "%.2f", a/b}')
    case $engine in
      vips) what="vipsthumbnail x3 sizes" ;;
      imagepipe) what="imagepipe resize ($(java -version 2>&1 | head -1 | cut -d'"' -f2))" ;;
      imagepipe25) what="imagepipe resize ($("$jdk25/bin/java" -version 2>&1 | head -1 | cut -d'"' -f2))" ;;
    esac
    echo "| $set | $what | ${#files[@]} | ${cli[$engine]# } | $mean | $ratio | ${rss[$engine]} |" >>"$cli_table"
  done
done

echo
echo "Load average during the run: $(cut -d' ' -f1-3 /proc/loadavg) (2 cores; other engineers' builds share them)"
echo "CPU: libvips and Pillow from getrusage/process_time in their harnesses; imagepipe from the JVM's process CPU"
echo "(all threads: GC and JIT included). JVM: $(java -version 2>&1 | head -1), options: $java_opts; imagepipe25: ${jdk25:-none}."
echo "JPEG codec: ${IMAGEPIPE_JPEG_CODEC:-auto}. Logs: $out/logs"
cat "$table"
echo
cat "$cli_table"
