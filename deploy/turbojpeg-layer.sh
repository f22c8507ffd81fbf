#!/usr/bin/env bash
# Builds the AWS Lambda layer that gives the functions the fast JPEG path (README "JPEG codec"):
# libturbojpeg.so.0 from Debian's libturbojpeg0 package, as lib/libturbojpeg.so.0 in a zip. Lambda
# unpacks layers under /opt and puts /opt/lib on LD_LIBRARY_PATH, where JNA's dlopen finds it.
# Debian's build needs nothing but glibc >= 2.14 (checked below), so it loads on Lambda's Amazon
# Linux 2 and 2023 runtimes. Build it on a machine of the functions' architecture (x86_64 here;
# run it on an arm64 Debian for an arm64 function).
#
# usage: deploy/turbojpeg-layer.sh [OUT.zip]     (default target/turbojpeg-layer.zip; template.yaml uses it)
# Installs libturbojpeg0 with apt-get when it is missing.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$repo/target/turbojpeg-layer.zip}
mkdir -p "$(dirname "$out")"
out=$(cd "$(dirname "$out")" && pwd)/$(basename "$out")

if ! dpkg -s libturbojpeg0 >/dev/null 2>&1; then
  sudo=; [[ $(id -u) -eq 0 ]] || sudo=sudo
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq libturbojpeg0 >/dev/null 2>&1 ||
    { $sudo apt-get update -qq >/dev/null; DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq libturbojpeg0 >/dev/null; }
fi
library=$(dpkg -L libturbojpeg0 | grep -E '/libturbojpeg\.so\.0$' | head -n 1)
[[ -n $library && -e $library ]] || { echo "turbojpeg-layer.sh: libturbojpeg.so.0 not found in libturbojpeg0" >&2; exit 1; }

# The newest glibc symbol version it needs: Amazon Linux 2 has glibc 2.26, Amazon Linux 2023 2.34.
if command -v objdump >/dev/null; then
  newest=$(objdump -T "$library" | grep -o 'GLIBC_[0-9.]*' | sed 's/GLIBC_//' | sort -V | tail -n 1)
  if [[ $(printf '%s\n2.26\n' "$newest" | sort -V | tail -n 1) != 2.26 ]]; then
    echo "turbojpeg-layer.sh: $library needs glibc $newest, newer than Amazon Linux 2's 2.26" >&2
    exit 1
  fi
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/lib" "$work/licenses"
cp -L "$library" "$work/lib/libturbojpeg.so.0"
copyright=/usr/share/doc/libturbojpeg0/copyright
if [[ ! -f $copyright ]]; then
  # Images that exclude /usr/share/doc from packages: take the notice from the package file itself.
  (cd "$work" && apt-get download libturbojpeg0 >/dev/null 2>&1 && dpkg -x libturbojpeg0_*.deb deb) || true
  copyright=$work/deb/usr/share/doc/libturbojpeg0/copyright
fi
[[ -f $copyright ]] || { echo "turbojpeg-layer.sh: libturbojpeg0's copyright notice not found; the layer must carry it" >&2; exit 1; }
cp "$copyright" "$work/licenses/libturbojpeg0.copyright"
version=$(dpkg-query -W -f '${Version} ${Architecture}' libturbojpeg0)
echo "libturbojpeg0 $version (Debian), from $library" >"$work/licenses/SOURCE"
rm -f "$out"
(cd "$work" && jar --create --no-manifest --file "$out" lib licenses)
echo "turbojpeg-layer.sh: $out (libturbojpeg0 $version)"
