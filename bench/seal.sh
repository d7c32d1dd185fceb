#!/usr/bin/env bash
# In-process sealing and opening of a message with one large attachment (JMH, bench/jmh), next to age encrypting and
# decrypting the same file in the same run. Prints MiB/s of each and the ratio (issue 13: >= 0.7x age on the newest
# JDK). The JMH fork runs with a heap smaller than the file, so a pass that held the attachment in memory would fail.
#
# Usage (from the repo root): bench/seal.sh
# Environment: MIB (default 256), RUNS (age runs, default 7), WARMUP/ITERATIONS (JMH, default 5/10),
#              HEAP (JMH fork's -Xmx, default 48m), BENCH_SKIP_BUILD=1
set -euo pipefail
cd "$(dirname "$0")/.."
. bin/lib/java.sh
mib="${MIB:-256}"
runs="${RUNS:-7}"
out="$PWD/bench/out/seal"
command -v age >/dev/null || { echo "seal.sh: needs age (apt-get install age)" >&2; exit 1; }
java="$(mailv2_java)"
javac="$(dirname "$java")/javac"
if [ "${BENCH_SKIP_BUILD:-}" != 1 ]; then
  mvn -q -B -DskipTests -pl client-src -am package >&2
fi
rm -rf "$out" && mkdir -p "$out/classes"
mvn -q -B -f bench/jmh/pom.xml dependency:build-classpath -Dmdep.outputFile="$out/jmh.classpath" >&2
classpath="$(cat client-src/target/runtime-classpath.txt):$(cat "$out/jmh.classpath")"
"$javac" -proc:full -d "$out/classes" -cp "$classpath" -processorpath "$(cat "$out/jmh.classpath")" \
  $(find bench/jmh/src/main/java -name '*.java')

head -c "$((mib << 20))" /dev/urandom > "$out/file.bin"
age-keygen -o "$out/age.key" 2>/dev/null
recipient="$(age-keygen -y "$out/age.key")"
age -r "$recipient" -o "$out/file.age" "$out/file.bin"
declare -A times
timed() { # name, command...
  local name="$1" start end; shift
  start=$(date +%s%N); "$@"; end=$(date +%s%N)
  times[$name]+="$(( (end - start) / 1000000 )) "
}
for ((i = 0; i < runs; i++)); do
  timed encrypt age -r "$recipient" -o /dev/null "$out/file.bin"
  timed decrypt age -d -i "$out/age.key" -o /dev/null "$out/file.age"
done

"$java" -cp "$out/classes:$classpath" org.openjdk.jmh.Main 'org.mailv2.bench.SealBench' -f 1 \
  -wi "${WARMUP:-5}" -i "${ITERATIONS:-10}" -rf json -rff "$out/jmh.json" \
  -jvmArgs "-Xmx${HEAP:-48m} -Dbench.file=$out/file.bin -Dbench.sealed=$out/sealed.age" > "$out/jmh.log"

median() { tr ' ' '\n' | grep -v '^$' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)], a[1], a[NR]}'; }
read -r enc enc_lo enc_hi <<< "$(echo "${times[encrypt]}" | median)"
read -r dec dec_lo dec_hi <<< "$(echo "${times[decrypt]}" | median)"
echo "$(date -u +%F) $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $("$java" -version 2>&1 | head -1), $(age --version),"
echo "a ${mib} MiB attachment; age: median (min-max) of $runs processes; mailv2: JMH single-shot, mean ± 99.9% error"
python3 - "$out/jmh.json" "$mib" "$enc" "$enc_lo" "$enc_hi" "$dec" "$dec_lo" "$dec_hi" <<'PY'
import json, sys
results, mib = json.load(open(sys.argv[1])), int(sys.argv[2])
enc, enc_lo, enc_hi, dec, dec_lo, dec_hi = map(int, sys.argv[3:9])
ms = {r["benchmark"].rsplit(".", 1)[1]: r["primaryMetric"] for r in results}
for name, (age_ms, lo, hi) in (("seal", (enc, enc_lo, enc_hi)), ("open", (dec, dec_lo, dec_hi)),
                                ("openOnce", (dec, dec_lo, dec_hi))):
    ours = ms[name]
    age_rate, our_rate = mib / (age_ms / 1000), mib / (ours["score"] / 1000)
    print(f"age {'-r' if name == 'seal' else '-d'}: {age_ms} ms ({lo}-{hi}) = {age_rate:5.0f} MiB/s   "
          f"mailv2 {name:8}: {ours['score']:5.0f} ms ± {float(ours['scoreError']):4.0f} = {our_rate:5.0f} MiB/s   "
          f"{our_rate / age_rate:.2f}x age (goal >= 0.7)")
for name in ("sha256OfTheFile", "chacha20Poly1305OfTheFile"):
    ours = ms[name]
    print(f"floor, the JDK's {name}: {ours['score']:5.0f} ms ± {float(ours['scoreError']):4.0f} = "
          f"{mib / (ours['score'] / 1000):5.0f} MiB/s")
PY
