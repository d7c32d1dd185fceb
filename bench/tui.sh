#!/usr/bin/env bash
# TUI startup to first frame and scrolling over a cached inbox of 100,000 messages (virtual terminal, offline), next
# to reading the same rows straight from the cache in the same run. The cache is filled once into bench/out/.
#
# Usage (from the repo root): bench/tui.sh        Environment: MESSAGES (default 100000)
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p bench/out
if [ -z "${BENCH_SKIP_BUILD:-}" ]; then
  mvn -q -B -DskipTests -pl client-src -am package >&2
fi
cp="client-src/target/classes:$(cat client-src/target/runtime-classpath.txt)"
java -cp "$cp" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn bench/TuiBench.java "$@" | tee "bench/out/tui-$(date +%Y%m%d-%H%M%S).txt"
