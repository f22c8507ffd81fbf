#!/usr/bin/env bash
# Makes the "uploads" set: 200 JPEGs of 1.5-5 MP cut from the photo corpus, the way phones and web
# tools deliver them (qualities 75-92, 4:2:0 and some 4:4:4, every fourth one progressive).
# Deterministic: the same corpus gives the same files.
# usage: bench/uploads.sh PHOTOS_DIR OUT_DIR      (PHOTOS_DIR holds baseline/*.jpg; needs vips and /usr/bin/python3)
set -euo pipefail
photos=$1
out=$2
mkdir -p "$out"
/usr/bin/python3 - "$photos" "$out" <<'PY'
import os, random, subprocess, sys, tempfile
photos, out = sys.argv[1], sys.argv[2]
srcs = sorted(os.path.join(photos, "baseline", f) for f in os.listdir(os.path.join(photos, "baseline")) if f.endswith(".jpg"))
rng = random.Random(20261201)
tmp = tempfile.mkdtemp()
for i in range(200):
    name = os.path.join(out, "u%03d.jpg" % i)
    if os.path.exists(name):
        continue
    src = srcs[i % len(srcs)]
    mp = rng.uniform(1.5, 5.0) * 1e6
    aspect = rng.choice([4 / 3, 3 / 2, 16 / 9, 1.0, 3 / 4, 2 / 3, 9 / 16])
    w = int(round((mp * aspect) ** 0.5)); h = int(round(mp / w))
    # scale the photo so that it covers w x h with some room, then cut a random w x h window
    dims = [int(subprocess.run(["vipsheader", "-f", f, src], capture_output=True, text=True, check=True).stdout)
            for f in ("width", "height")]
    f = max(w / dims[0], h / dims[1]) * rng.uniform(1.05, 1.6)
    if f >= 1:  # the photo cannot cover this window: keep its aspect, shrink the window into it
        w, h = int(w / f * 1.02), int(h / f * 1.02)
        f = 1.0
    scaled = os.path.join(tmp, "s.v")
    subprocess.run(["vipsthumbnail", src, "--size=%dx%d" % (int(dims[0] * f) + 1, int(dims[1] * f) + 1), "-o", scaled], check=True)
    sw = int(subprocess.run(["vipsheader", "-f", "width", scaled], capture_output=True, text=True, check=True).stdout)
    sh = int(subprocess.run(["vipsheader", "-f", "height", scaled], capture_output=True, text=True, check=True).stdout)
    w, h = min(w, sw), min(h, sh)
    left, top = rng.randint(0, sw - w), rng.randint(0, sh - h)
    q = rng.choice([75, 80, 85, 88, 90, 92])
    opts = "Q=%d,strip" % q + (",interlace" if i % 4 == 0 else "") + (",subsample_mode=off" if i % 5 == 1 else "")
    subprocess.run(["vips", "crop", scaled, name + "[" + opts + "]", str(left), str(top), str(w), str(h)], check=True)
print("uploads.sh: %d files in %s" % (len([f for f in os.listdir(out) if f.endswith(".jpg")]), out))
PY
