#!/usr/bin/env bash
# First sync of 100,000 summaries into an empty cache through `mailv2 sync` with the vault agent, next to opening the
# same summaries alone (X25519 unwrap) in the same run. The server's store is filled once into bench/out/
#
# Usage (from the repo root): bench/sync.sh        Environment: MESSAGES (100000), SENDERS (10), RUNS (3), PORT (47321)
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p bench/out
if [ -z "${BENCH_SKIP_BUILD:-}" ]; then
  mvn -q -B -o -DskipTests -pl client-src -am package >&2
fi
cp="client-src/target/classes:$(cat client-src/target/runtime-classpath.txt)"
java ${BENCH_JAVA_OPTS:-} -cp "$cp" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn bench/SyncBench.java "$@" \
  | tee "bench/out/sync-$(date +%Y%m%d-%H%M%S).txt"
