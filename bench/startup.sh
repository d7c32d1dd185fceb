#!/usr/bin/env bash
# Whole-process start of short commands through the real launcher, next to a JVM hello world on the same JDK in the
# same run: `account list` and `inbox --offline` with the vault agent (`mailv2 unlock`) and with the passphrase (one
# Argon2id derivation), `inbox` synced with a local-mode server, `inbox --offline` without class-data sharing
# (MAILV2_CDS=off), and the launcher's choice of JDK, remembered and made anew. Runs are interleaved; prints
# the median (min-max) of each and its ratio to hello world.
#
# Usage (from the repo root): bench/startup.sh        Environment: RUNS (default 10)
set -euo pipefail
cd "$(dirname "$0")/.."
. bin/lib/java.sh
runs="${RUNS:-10}"
java="$(mailv2_java)"
out="bench/out/startup"
rm -rf "$out" && mkdir -p "$out/classes" "$out/run"
printf 'public class Hello { public static void main(String[] a) { System.out.println("hello"); } }\n' \
  > "$out/Hello.java"
"$(dirname "$java")/javac" -d "$out/classes" "$out/Hello.java"
export MAILV2_HOME="$PWD/$out/home" XDG_RUNTIME_DIR="$PWD/$out/run" MAILV2_PASSPHRASE="startup benchmark passphrase"
# A local-mode server in the background, for `inbox` (which syncs with it first).
( exec bin/mailv2 local --no-tui --address alice! --port "${PORT:-24298}" > "$out/server.log" 2>&1 ) &
server=$!
trap 'kill $server 2>/dev/null || true; bin/mailv2 lock >/dev/null 2>&1 || true' EXIT
for _ in $(seq 600); do grep -q "Press Ctrl-C to stop." "$out/server.log" 2>/dev/null && break; sleep 0.2; done

declare -A times rss
measure() { # name, command...
  local name="$1"; shift
  local start end
  start=$(date +%s%N); /usr/bin/time -f %M -o "$out/rss" "$@" >/dev/null 2>&1; end=$(date +%s%N)
  times[$name]+="$(( (end - start) / 1000000 )) "
  rss[$name]+="$(cat "$out/rss") "
}
for ((i = 0; i < runs; i++)); do
  measure "hello world" "$java" -cp "$out/classes" Hello
  measure "launcher's JDK choice, kept" bash -c '. bin/lib/java.sh && mailv2_java'
  measure "launcher's JDK choice, anew" bash -c 'c="$(mktemp -u)"; . bin/lib/java.sh && MAILV2_JAVA_CACHE="$c" mailv2_java; rm -f "$c"'
  measure "account list (passphrase)" bin/mailv2 account list
  measure "inbox --offline (passphrase)" bin/mailv2 inbox --offline
  bin/mailv2 unlock >/dev/null
  measure "account list (agent)" env -u MAILV2_PASSPHRASE bin/mailv2 account list
  measure "inbox --offline (agent)" env -u MAILV2_PASSPHRASE bin/mailv2 inbox --offline
  measure "inbox, synced (agent)" env -u MAILV2_PASSPHRASE bin/mailv2 inbox
  measure "inbox --offline (agent, no CDS)" env -u MAILV2_PASSPHRASE MAILV2_CDS=off bin/mailv2 inbox --offline
  bin/mailv2 lock >/dev/null
done

median() { tr ' ' '\n' | grep -v '^$' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)], a[1], a[NR]}'; }
read -r ref _ _ <<< "$(echo "${times[hello world]}" | median)"
echo "$(date -u +%F) $(nproc) cores, load $(cut -d" " -f1-3 /proc/loadavg), $("$java" -version 2>&1 | head -1), $runs runs each (ms: median, min-max)"
for name in "hello world" "launcher's JDK choice, kept" "launcher's JDK choice, anew" "account list (passphrase)" \
            "inbox --offline (passphrase)" "account list (agent)" "inbox --offline (agent)" \
            "inbox, synced (agent)" "inbox --offline (agent, no CDS)"; do
  read -r med lo hi <<< "$(echo "${times[$name]}" | median)"
  read -r kib _ _ <<< "$(echo "${rss[$name]}" | median)"
  awk -v n="$name" -v m="$med" -v l="$lo" -v h="$hi" -v r="$ref" -v k="$kib" \
    'BEGIN { printf "%-32s %6d ms  (%d-%d)  %5.1fx hello world   peak RSS %4d MiB\n", n, m, l, h, m / r, k / 1024 }'
done
