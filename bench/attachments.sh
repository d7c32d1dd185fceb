#!/usr/bin/env bash
# A 64 MiB attachment through mailv2, next to age on the same file in the same run: the marginal cost of sending it
# (`send` with it minus `send` without), reading it back (`read --save-attachments`, body cached), the bytes the server
# stores per copy, and the peak RSS of the commands. Whole processes through bin/mailv2, the vault agent unlocked.
#
# Usage (from the repo root): bench/attachments.sh      Environment: RUNS (default 5), MIB (default 64), PORT
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${RUNS:-5}"
mib="${MIB:-64}"
port="${PORT:-24297}"
out="$PWD/bench/out/attachments"
rm -rf "$out" && mkdir -p "$out/run" "$out/saved"
command -v age >/dev/null || { echo "attachments.sh: needs age (apt-get install age)" >&2; exit 1; }
head -c "$((mib << 20))" /dev/urandom > "$out/file.bin"
echo "one line" > "$out/line.txt"
age-keygen -o "$out/age.key" 2>/dev/null
recipient="$(age-keygen -y "$out/age.key")"

export XDG_RUNTIME_DIR="$out/run"
as() { # user, command...: bin/mailv2 in that user's home
  local who="$1"; shift
  MAILV2_HOME="$out/$who" MAILV2_PASSPHRASE="attachments benchmark $who" bin/mailv2 "$@"
}
( MAILV2_HOME="$out/alice" MAILV2_PASSPHRASE="attachments benchmark alice" \
    exec bin/mailv2 local --no-tui --address alice! --port "$port" > "$out/server.log" 2>&1 ) &
server=$!
trap 'kill $server 2>/dev/null || true; as alice lock >/dev/null 2>&1 || true; as bob lock >/dev/null 2>&1 || true' EXIT
for _ in $(seq 600); do grep -q "Press Ctrl-C to stop." "$out/server.log" 2>/dev/null && break; sleep 0.2; done
as bob local --once --address bob! --port "$port" >/dev/null
as bob screener accept alice! >/dev/null
as alice unlock >/dev/null
as bob unlock >/dev/null

declare -A times rss
measure() { # name, user, command...
  local name="$1" who="$2"; shift 2
  local start end
  start=$(date +%s%N)
  MAILV2_HOME="$out/$who" /usr/bin/time -f %M -o "$out/rss" env -u MAILV2_PASSPHRASE bin/mailv2 "$@" >"$out/last" 2>&1 \
    || { cat "$out/last" >&2; exit 1; }
  end=$(date +%s%N)
  times[$name]+="$(( (end - start) / 1000000 )) "
  rss[$name]+="$(cat "$out/rss") "
}
age_measure() { # name, command...
  local name="$1"; shift
  local start end
  start=$(date +%s%N); /usr/bin/time -f %M -o "$out/rss" "$@"; end=$(date +%s%N)
  times[$name]+="$(( (end - start) / 1000000 )) "
  rss[$name]+="$(cat "$out/rss") "
}
for ((i = 0; i < runs; i++)); do
  age_measure "age -r" age -r "$recipient" -o "$out/file.age" "$out/file.bin"
  age_measure "age -d" age -d -i "$out/age.key" -o "$out/file.out" "$out/file.age"
  measure "send, one line" alice send --to bob! --subject "line $i" --body-file "$out/line.txt"
  measure "send, ${mib} MiB attachment" alice send --to bob! --subject "file $i" --body-file "$out/line.txt" \
    --attach "$out/file.bin"
  id="$(MAILV2_HOME="$out/bob" env -u MAILV2_PASSPHRASE bin/mailv2 inbox --json --limit 5 \
    | python3 -c 'import json,sys; print([m["id"] for m in json.load(sys.stdin) if m.get("subject")=="file '"$i"'"][0])')"
  MAILV2_HOME="$out/bob" env -u MAILV2_PASSPHRASE bin/mailv2 read "$id" >/dev/null # downloads and caches the body
  rm -rf "$out/saved" && mkdir -p "$out/saved"
  measure "read --save-attachments" bob read "$id" --save-attachments "$out/saved"
  cmp -s "$out/saved/file.bin" "$out/file.bin" || { echo "the saved attachment differs" >&2; exit 1; }
done
stored="$(find "$out/alice/data/local-server" -path '*blobs*' -type f -size +"$((mib / 2))"M -printf '%s\n' | sort -n | tail -1)"

median() { tr ' ' '\n' | grep -v '^$' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)], a[1], a[NR]}'; }
java="$(. bin/lib/java.sh && mailv2_java)"
echo "$(date -u +%F) $(nproc) cores, load $(cut -d" " -f1-3 /proc/loadavg), $("$java" -version 2>&1 | head -1), ${mib} MiB, $runs runs each (median, min-max)"
for name in "age -r" "age -d" "send, one line" "send, ${mib} MiB attachment" "read --save-attachments"; do
  read -r med lo hi <<< "$(echo "${times[$name]}" | median)"
  read -r kib _ _ <<< "$(echo "${rss[$name]}" | median)"
  printf '%-32s %6d ms  (%d-%d)   peak RSS %4d MiB\n' "$name" "$med" "$lo" "$hi" "$((kib / 1024))"
done
read -r ager _ _ <<< "$(echo "${times[age -r]}" | median)"
read -r aged _ _ <<< "$(echo "${times[age -d]}" | median)"
read -r line _ _ <<< "$(echo "${times[send, one line]}" | median)"
read -r big _ _ <<< "$(echo "${times[send, ${mib} MiB attachment]}" | median)"
read -r back _ _ <<< "$(echo "${times[read --save-attachments]}" | median)"
awk -v b="$big" -v l="$line" -v r="$ager" -v d="$back" -v a="$aged" -v s="$stored" -v f="$((mib << 20))" 'BEGIN {
  printf "marginal cost of the attachment: %d ms = %.1fx age -r (goal <= 4x)\n", b - l, (b - l) / r
  printf "reading it back: %d ms = %.1fx age -d (goal <= 3x)\n", d, d / a
  printf "bytes the server stores per copy: %.4fx the file (goal <= 1.03x)\n", s / f }'
