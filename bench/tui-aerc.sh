#!/usr/bin/env bash
# The first frame of `mailv2 tui` over a 100,000-message cache (vault agent unlocked) next to aerc's over a
# 100,000-message Maildir, whole processes in tmux (120x40), interleaved; the time from starting the process until a
# message row is on the screen (tmux capture-pane polled every 5 ms), and each process's peak RSS (VmHWM) 3 s later.
# The cache is TuiBench's (bench/tui.sh fills it once); the Maildir is written once into bench/out/.
#
# Usage (from the repo root): bench/tui-aerc.sh        Environment: MESSAGES (100000), RUNS (5)
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
messages="${MESSAGES:-100000}"
runs="${RUNS:-5}"
out="$root/bench/out"
home="$out/tui-home-$messages"
maildir="$out/maildir-$messages"
mkdir -p "$out"
command -v aerc >/dev/null || { echo "needs aerc (apt-get install aerc)" >&2; exit 1; }
if [ ! -f "$home/.filled" ]; then
  [ -d "$home" ] || BENCH_SKIP_BUILD=1 bench/tui.sh >&2
  touch "$home/.filled"
fi
if [ ! -f "$maildir/.filled" ]; then
  python3 - "$maildir" "$messages" <<'PY'
import os, sys
base, n = sys.argv[1] + "/INBOX", int(sys.argv[2])
for d in ("cur", "new", "tmp"):
    os.makedirs(os.path.join(base, d), exist_ok=True)
for i in range(1, n + 1):
    # The same rows as the mailv2 cache: sender, subject, one minute apart; six in seven read.
    flags = "" if i % 7 == 0 else "S"
    minute = i
    date = "Thu, %02d Jan 2026 %02d:%02d:00 +0000" % (1 + minute // 1440 % 28, minute // 60 % 24, minute % 60)
    with open(f"{base}/cur/{1767225600 + i * 60}.{i}.bench:2,{flags}", "w") as f:
        f.write(f"From: sender{i % 500} <sender{i % 500}@example.org>\nTo: alice@example.org\n"
                f"Subject: Message number {i} about topic {i % 977}\nDate: {date}\nMessage-ID: <m{i}@bench>\n\n"
                f"Body of message {i}.\n")
PY
  touch "$maildir/.filled"
fi
config="$out/aerc-config"
mkdir -p "$config/aerc"
printf '[bench]\nsource = maildir://%s\noutgoing = /bin/false\nfrom = Alice <alice@example.org>\ndefault = INBOX\n' \
  "$maildir" > "$config/aerc/accounts.conf"
chmod 600 "$config/aerc/accounts.conf"
: > "$config/aerc/aerc.conf"
: > "$config/aerc/binds.conf"
runtime="$out/tui-aerc-run"
mkdir -p "$runtime" && chmod 700 "$runtime"
mailv2_env=(MAILV2_HOME="$home" XDG_RUNTIME_DIR="$runtime")
env "${mailv2_env[@]}" MAILV2_PASSPHRASE="benchmark passphrase" bin/mailv2 unlock >&2

now_ms() { date +%s%3N; }
# CPU time (user + system, ms) the process $1 has used so far: on a loaded machine the wall time stretches with the
# load, the CPU time much less.
cpu_ms() { awk -v hz="$(getconf CLK_TCK)" '{print int(($14 + $15) * 1000 / hz)}' "/proc/$1/stat"; }
# Starts "$2..." in tmux session $1, prints "ms rss_kib cpu_ms" for the first row on screen, the peak RSS 3 s later,
# and the CPU time used until the row was seen.
first_frame() {
  local session="$1"; shift
  tmux kill-session -t "$session" 2>/dev/null || true
  local start; start=$(now_ms)
  tmux new-session -d -s "$session" -x 120 -y 40 "$*"
  local pid; pid=$(tmux display -p -t "$session" '#{pane_pid}')
  local shown=""
  while [ -z "$shown" ]; do
    if tmux capture-pane -p -t "$session" 2>/dev/null | grep -q "Message number"; then
      shown=$(now_ms)
      cpu=$(cpu_ms "$pid")
    elif [ $(( $(now_ms) - start )) -gt 60000 ]; then
      echo "no message row within 60 s:" >&2; tmux capture-pane -p -t "$session" >&2; exit 1
    else
      sleep 0.005
    fi
  done
  sleep 3
  local rss; rss=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status")
  tmux kill-session -t "$session"
  echo "$((shown - start)) $rss $cpu"
}

echo "load average before: $(cat /proc/loadavg)"
aerc_ms=(); aerc_rss=(); tui_ms=(); tui_rss=(); aerc_cpu=(); tui_cpu=()
for run in $(seq 0 "$runs"); do  # run 0 warms the page cache and the launcher's class-data archive; not counted
  read -r ms rss cpu < <(first_frame scale-aerc env XDG_CONFIG_HOME="$config" aerc)
  [ "$run" -gt 0 ] && aerc_ms+=("$ms") && aerc_rss+=("$rss") && aerc_cpu+=("$cpu")
  echo "run $run: aerc $ms ms (CPU $cpu ms), $((rss / 1024)) MiB"
  # TUI_JAVA_OPTS: JVM options to try on the client (passed as JAVA_TOOL_OPTIONS) without editing the launcher.
  read -r ms rss cpu < <(first_frame scale-tui env "${mailv2_env[@]}" ${TUI_JAVA_OPTS:+JAVA_TOOL_OPTIONS="$TUI_JAVA_OPTS"} \
    "$root/bin/mailv2" tui)
  [ "$run" -gt 0 ] && tui_ms+=("$ms") && tui_rss+=("$rss") && tui_cpu+=("$cpu")
  echo "run $run: mailv2 tui $ms ms (CPU $cpu ms), $((rss / 1024)) MiB"
done
echo "load average after: $(cat /proc/loadavg)"
env "${mailv2_env[@]}" bin/mailv2 lock >&2 || true
python3 - "${aerc_ms[*]}" "${tui_ms[*]}" "${aerc_rss[*]}" "${tui_rss[*]}" "${aerc_cpu[*]}" "${tui_cpu[*]}" \
  "$messages" <<'PY'
import statistics, sys
a, t, ar, tr, ac, tc = ([int(x) for x in s.split()] for s in sys.argv[1:7])
med = statistics.median
print(f"\n{int(sys.argv[7]):,} messages, {len(a)} interleaved runs, median (min-max):")
print(f"  reference: aerc, first row of the Maildir on screen   {med(a):6.0f} ms ({min(a)}-{max(a)}), "
      f"peak RSS {med(ar) / 1024:.0f} MiB")
print(f"  mailv2 tui, vault agent, first row on screen          {med(t):6.0f} ms ({min(t)}-{max(t)}), "
      f"peak RSS {med(tr) / 1024:.0f} MiB ({min(tr) / 1024:.0f}-{max(tr) / 1024:.0f})")
print(f"  CPU time until then (user + system): aerc {med(ac):.0f} ms, mailv2 {med(tc):.0f} ms")
print(f"  ratio mailv2 / aerc: {med(t) / med(a):.2f} wall, {med(tc) / med(ac):.2f} CPU (goal <= 0.5);"
      f" mailv2 RSS goal <= 150 MiB")
PY
