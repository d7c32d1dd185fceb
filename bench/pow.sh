#!/usr/bin/env bash
# Proof-of-work solver speed: StampSolver (public API) tries/s on 1 and 2 threads on JDK 17 and the newest JDK,
# next to a C loop doing the same try with OpenSSL's SHA256_Init/Update/Final, measured in the same run, and the
# ratio Java/C per thread count (the product aims at >= 0.9).
#
# Usage (from the repo root): bench/pow.sh
# Environment: BENCH_SECONDS   measuring time per configuration (default 5)
#              BENCH_WARMUP    seconds of warm-up before measuring (default 3; JIT for Java)
#              BENCH_THREADS   thread counts (default "1 2")
#              BENCH_SKIP_BUILD=1  use protocol-lib/target/classes as they are (no Maven build)
# Output: stdout, and bench/out/pow-<date>.txt (+ bench/out/pow-latest.txt); raw lines in bench/out/pow-raw.txt.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
OUT=$ROOT/bench/out
mkdir -p "$OUT"

SECONDS_PER=${BENCH_SECONDS:-5}
WARMUP=${BENCH_WARMUP:-3}
THREADS=${BENCH_THREADS:-1 2}
STAMP=$(date +%Y%m%d-%H%M%S)
REPORT=$OUT/pow-$STAMP.txt
RAW=$OUT/pow-raw.txt
: >"$RAW"

say() { echo "$*" >&2; }

# --- C reference loop -------------------------------------------------------------------------------------------
if ! command -v gcc >/dev/null; then
    say "gcc is missing: install it (apt-get install -y gcc) and run again"
    exit 1
fi
if [ ! -f /usr/include/openssl/sha.h ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        say "installing libssl-dev (OpenSSL headers for the C loop)"
        apt-get install -y libssl-dev >"$OUT/apt.log" 2>&1 || { say "apt-get failed, see $OUT/apt.log"; exit 1; }
    else
        say "OpenSSL headers missing: install libssl-dev (sudo apt-get install -y libssl-dev) and run again"
        exit 1
    fi
fi
say "compiling bench/pow_loop.c"
gcc -O2 -Wno-deprecated-declarations -o "$OUT/pow_c" bench/pow_loop.c -lcrypto -lpthread

# --- protocol-lib and its runtime classpath --------------------------------------------------------------------
mvn_try() { # runs Maven offline first, then online if that failed
    mvn -q -B -o "$@" >"$OUT/build.log" 2>&1 || mvn -q -B "$@" >"$OUT/build.log" 2>&1
}
if [ "${BENCH_SKIP_BUILD:-0}" != 1 ]; then
    say "building protocol-lib (mvn package -DskipTests)"
    if ! mvn_try -pl protocol-lib -am package -DskipTests; then
        say "Maven build failed (last lines of $OUT/build.log below); BENCH_SKIP_BUILD=1 uses the classes as they are"
        tail -30 "$OUT/build.log" >&2
        exit 1
    fi
fi
if [ ! -f protocol-lib/target/classes/org/mailv2/protocol/pow/StampSolver.class ]; then
    say "protocol-lib/target/classes has no StampSolver: build protocol-lib first"
    exit 1
fi
if [ "${BENCH_SKIP_BUILD:-0}" != 1 ] || [ ! -s "$OUT/cp.txt" ]; then
    say "resolving protocol-lib's runtime classpath"
    if ! mvn_try -pl protocol-lib dependency:build-classpath -DincludeScope=runtime -Dmdep.outputFile="$OUT/cp.txt"; then
        say "dependency:build-classpath failed, see $OUT/build.log"
        exit 1
    fi
fi
CP="protocol-lib/target/classes:$(cat "$OUT/cp.txt")"

# --- JDKs: JDK 17 and the newest JDK >= 17 ----------------------------------------------------------------------
major_of() { # java binary -> major version
    "$1" -version 2>&1 | sed -n '1s/.*version "\([0-9]*\).*/\1/p'
}
declare -A JAVA_BY_MAJOR=()
for j in /usr/lib/jvm/*/bin/java ${JAVA_HOME:+$JAVA_HOME/bin/java} $(command -v java || true); do
    [ -x "$j" ] || continue
    m=$(major_of "$j")
    [ -n "$m" ] && [ "$m" -ge 17 ] || continue
    [ -n "${JAVA_BY_MAJOR[$m]:-}" ] || JAVA_BY_MAJOR[$m]=$(readlink -f "$j")
done
if [ ${#JAVA_BY_MAJOR[@]} = 0 ]; then
    say "no JDK >= 17 found"
    exit 1
fi
NEWEST=$(printf '%s\n' "${!JAVA_BY_MAJOR[@]}" | sort -n | tail -1)
MAJORS=()
[ -n "${JAVA_BY_MAJOR[17]:-}" ] && MAJORS+=(17)
[ "$NEWEST" != 17 ] && MAJORS+=("$NEWEST")
[ ${#MAJORS[@]} -gt 0 ] || MAJORS=("$NEWEST")

# --- runs: per thread count C, then each JDK, one after the other (same machine state as far as possible) ---------
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
field() { sed -n "s/.*$1=\([0-9.]*\).*/\1/p"; }
declare -A RATE=() BEST=()
for t in $THREADS; do
    say "threads=$t: C loop (${WARMUP}s warm-up + ${SECONDS_PER}s)"
    line=$("$OUT/pow_c" "$t" "$WARMUP" "$SECONDS_PER" 64 "${BENCH_WINDOW:-1}")
    echo "c $line" >>"$RAW"
    RATE[c,$t]=$(field tries_per_second <<<"$line")
    BEST[c,$t]=$(field best_window <<<"$line")
    for m in "${MAJORS[@]}"; do
        say "threads=$t: java$m StampSolver (${WARMUP}s warm-up + ${SECONDS_PER}s)"
        line=$(BENCH_SECONDS=$SECONDS_PER BENCH_WARMUP=$WARMUP "${JAVA_BY_MAJOR[$m]}" -cp "$CP" bench/PowBench.java "$t" 2>/dev/null)
        echo "java$m $line" >>"$RAW"
        RATE[j$m,$t]=$(field tries_per_second <<<"$line")
        BEST[j$m,$t]=$(field best_window <<<"$line")
    done
done
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

# --- report ------------------------------------------------------------------------------------------------------
table() { # $1 = RATE or BEST
    local -n v=$1
    local header="threads" row
    for m in "${MAJORS[@]}"; do header+=$(printf '  %15s' "java$m tries/s"); done
    header+=$(printf '  %12s' "C tries/s")
    for m in "${MAJORS[@]}"; do header+=$(printf '  %7s' "ratio$m"); done
    echo "$header"
    for t in $THREADS; do
        row=$(printf '%7s' "$t")
        for m in "${MAJORS[@]}"; do row+=$(printf '  %15.0f' "${v[j$m,$t]}"); done
        row+=$(printf '  %12.0f' "${v[c,$t]}")
        for m in "${MAJORS[@]}"; do
            row+=$(awk -v j="${v[j$m,$t]}" -v c="${v[c,$t]}" 'BEGIN { printf "  %7.2f", (c > 0 ? j / c : 0) }')
        done
        echo "$row"
    done
}
CPU=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)
SHA_NI=$(grep -qw sha_ni /proc/cpuinfo && echo yes || echo no)
{
    echo "Proof-of-work tries per second: StampSolver (public API, bits=64, cancelled) vs C loop (OpenSSL SHA256_Init/Update/Final, same 40-byte try)"
    echo "${WARMUP}s warm-up, ${SECONDS_PER}s measured per configuration; goal: ratio >= 0.90 on each thread count"
    for m in "${MAJORS[@]}"; do
        intrinsic=$("${JAVA_BY_MAJOR[$m]}" -XX:+UnlockDiagnosticVMOptions -XX:+PrintFlagsFinal -version 2>/dev/null | awk '$2 == "UseSHA256Intrinsics" { print $4 }')
        echo "java$m = $("${JAVA_BY_MAJOR[$m]}" -version 2>&1 | head -1) [$(dirname "$(dirname "${JAVA_BY_MAJOR[$m]}")")] UseSHA256Intrinsics=${intrinsic:-?}"
    done
    echo "C = gcc -O2, $(openssl version 2>/dev/null || echo 'OpenSSL (version unknown)')"
    echo
    echo "mean over the measuring time:"
    table RATE
    echo
    echo "best ${BENCH_WINDOW:-1}s window (less sensitive to other load on the machine):"
    table BEST
    echo
    echo "load average before: $LOAD_BEFORE, after: $LOAD_AFTER (other work on the machine makes the figures noisy)"
    echo "machine: nproc=$(nproc), CPU: $CPU, sha_ni=$SHA_NI; $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
} | tee "$REPORT"
cp "$REPORT" "$OUT/pow-latest.txt"
say "written: ${REPORT#$ROOT/} (raw: ${RAW#$ROOT/})"
