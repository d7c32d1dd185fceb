#!/usr/bin/env bash
# A list post to 1,000 subscribers on two local servers (TLS, SQLite) through `mailv2 list post` with the vault agent,
# next to sealing the same copies alone in the same run. The servers and subscribers are set up once into bench/out/.
#
# Usage (from the repo root): bench/lists.sh        Environment: SUBSCRIBERS (1000), RUNS (3), PORT_A (47311)
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p bench/out
if [ -z "${BENCH_SKIP_BUILD:-}" ]; then
  mvn -q -B -o -DskipTests -pl client-src -am package >&2
fi
cp="client-src/target/classes:$(cat client-src/target/runtime-classpath.txt)"
java ${BENCH_JAVA_OPTS:-} -cp "$cp" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn bench/ListsBench.java "$@" \
  | tee "bench/out/lists-$(date +%Y%m%d-%H%M%S).txt"
