#!/usr/bin/env bash
# Soak: pushes uploads through local mode (the built jar, as a child process) while injecting faults
# (kill -9 and restart, SIGTERM and restart, a burst of overwrites and deletes, poison files), then prints
# lost / stale / duplicated-work / dead-lettered counts. Usage: bench/soak.sh [UPLOADS] [POISON]
set -euo pipefail
cd "$(dirname "$0")/.."
UPLOADS="${1:-2000}"
POISON="${2:-20}"
if [ ! -f target/imagepipe.jar ] || [ -n "${REBUILD:-}" ]; then
  ./mvnw -B -ntp -q package -DskipTests
fi
WORK="$(mktemp -d /tmp/imagepipe-soak.XXXXXX)"
echo "soak: $UPLOADS uploads ($POISON poison) through local mode; work dir $WORK"
java -Xmx512m -cp target/imagepipe.jar bench/SoakDriver.java "$PWD/target/imagepipe.jar" "$UPLOADS" "$POISON" "$WORK"
