#!/usr/bin/env bash
# Regenerates the screenshots of the real terminal UI:
# screenshots/{inbox,reader,compose-review,lists,keyring,screener,html}.png.
#
#   screenshots/make.sh
#
# What it does: installs what is missing (the apt packages below; needs root or sudo), builds the client, starts a
# throwaway local server on a free port of 127.0.0.1 (profiles in a private temp dir, deleted afterwards), fills it
# with made-up content through the CLI (alice!, bob!, carol!, dave!, the Riverside Community Garden organisation and its two
# lists), then opens alice!'s TUI in tmux, shows it in an xterm on a virtual X display (Xvfb), drives it with
# `tmux send-keys` and captures each screen with ImageMagick's `import`. Safe to run again: it overwrites the PNGs.
# Set KEEP=1 to keep the temp dir (profiles, logs) for a look afterwards.
set -euo pipefail
trap 'echo "make.sh: FAILED at line $LINENO: $BASH_COMMAND" >&2' ERR

PACKAGES=(xvfb xauth xterm x11-utils imagemagick fonts-dejavu-core tmux)
COLS=140
ROWS=40
FONT="DejaVu Sans Mono"
FONT_SIZE=11
SHOTS=(inbox reader lists keyring compose-review screener html)

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$root/screenshots"

log() { echo "make.sh: $*" >&2; }
die() {
  echo "make.sh: FAILED: $*" >&2
  exit 1
}

install_packages() {
  local missing=() p sudo=""
  for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null | grep -qx installed || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || die "missing packages (${missing[*]}) and neither root nor sudo to install them"
    sudo="sudo"
  fi
  log "installing ${missing[*]}"
  if ! $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"; then
    $sudo apt-get update -q
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
  fi
}

# Builds the client and copies what it runs from into the temp dir, so that a rebuild in the working tree while this
# script runs cannot pull classes from under the running processes.
build() {
  log "building the client"
  (cd "$root" && { mvn -q -B -o -Dstyle.color=never -DskipTests -pl client-src -am package \
    || mvn -q -B -Dstyle.color=never -DskipTests -pl client-src -am package; }) >&2 \
    || die "the build failed"
  local module="$root/client-src" entry i=0
  [ -f "$module/target/classes/org/mailv2/client/cli/Main.class" ] || die "no Main.class after the build"
  mkdir -p "$work/lib"
  cp -r "$module/target/classes" "$work/lib/classes"
  CP="$work/lib/classes"
  local -a entries
  IFS=: read -r -a entries < "$module/target/runtime-classpath.txt" || true # (no newline at its end)
  for entry in "${entries[@]}"; do
    i=$((i + 1))
    cp "$entry" "$work/lib/$i-$(basename "$entry")"
    CP="$CP:$work/lib/$i-$(basename "$entry")"
  done
  . "$root/bin/lib/java.sh"
  JAVA="$(mailv2_java)"
}

free_port() {
  local p i
  for i in $(seq 50); do
    p=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
      echo "$p"
      return 0
    fi
  done
  die "no free port found"
}

# mailv2 WHO ARGS…: the real CLI in WHO's private profile.
mailv2() (
  export MAILV2_HOME="$work/$1" MAILV2_PASSPHRASE="screenshots $1" LANG=C.UTF-8
  shift
  exec "$JAVA" --enable-native-access=ALL-UNNAMED -Xmx256m -cp "$CP" org.mailv2.client.cli.Main "$@"
)

# await_file FILE TEXT SECONDS
await_file() {
  local i
  for i in $(seq $(($3 * 5))); do
    grep -qF -- "$2" "$1" 2>/dev/null && return 0
    if [ -n "${server_pid:-}" ] && ! kill -0 "$server_pid" 2>/dev/null; then
      cat "$1" >&2
      die "the local server exited while waiting for '$2'"
    fi
    sleep 0.2
  done
  cat "$1" >&2 || true
  die "timed out waiting for '$2' in $1"
}

populate() {
  local url="https://127.0.0.1:$port" token i subscribers
  log "starting the local server on $url (alice! creates it)"
  # A subshell that becomes the JVM, so that $! is the server's pid.
  (
    export MAILV2_HOME="$work/alice" MAILV2_PASSPHRASE="screenshots alice" LANG=C.UTF-8
    exec "$JAVA" --enable-native-access=ALL-UNNAMED -Xmx256m -cp "$CP" org.mailv2.client.cli.Main \
      local --no-tui --address alice! --port "$port" > "$work/server.out" 2>&1
  ) &
  server_pid=$!
  await_file "$work/server.out" "Press Ctrl-C to stop." 180
  log "creating bob!, carol!, dave!, erin! and frank!"
  for who in bob carol dave erin frank; do
    mailv2 "$who" local --once --address "$who!" --port "$port" >&2
  done
  # alice! knows bob! and carol!: their first messages come to her inbox; erin! and frank! are strangers and wait
  # in her screener.
  mailv2 alice screener accept bob! >&2
  mailv2 alice screener accept carol! >&2

  log "carol! sets up the Riverside Community Garden and its lists"
  mailv2 carol org create riverside --title "Riverside Community Garden" --server "$url" --yes >&2
  token="$(mailv2 carol org invite riverside news@riverside! | tail -n 1)"
  mailv2 carol list create news@riverside! --title "Riverside Garden news" \
    --description "Monthly news, work days and the seed swap" --server "$url" --yes --invite "$token" >&2
  token="$(mailv2 carol org invite riverside volunteers@riverside! | tail -n 1)"
  mailv2 carol list create volunteers@riverside! --title "Volunteer rota" \
    --description "Who waters what, week by week" --invite-only --server "$url" --yes --invite "$token" >&2
  mailv2 alice lists subscribe news@riverside! >&2
  for i in $(seq 60); do
    subscribers="$(mailv2 carol list subscribers news@riverside!)"
    grep -qx 'alice!' <<<"$subscribers" && break
    [ "$i" -lt 60 ] || die "alice!'s subscription never reached news@riverside!"
    sleep 0.5
  done

  log "sending the messages"
  mailv2 bob send --to alice! --subject "Lunch on Thursday?" >&2 <<'EOF'
Hi Alice,

are you free for lunch on Thursday? The new noodle place by the station
opens at noon; I could book a table for half past twelve.

Bob
EOF
  cat > "$work/planting-plan.txt" <<'EOF'
Riverside Community Garden - planting plan, spring
Bed 1: early potatoes, then leeks
Bed 2: broad beans, then winter squash
Bed 3: salad leaves, sown every three weeks
Herb spiral: thyme, sage, rosemary, chives
EOF
  mailv2 carol send --to alice! --cc bob! --subject "Notes from the planning meeting" \
    --attach "$work/planting-plan.txt" >&2 <<'EOF'
Hi Alice,

thanks for coming yesterday. In short: the raised beds go in first, then the
herb spiral by the shed. We still need someone to collect the timber from the
builders' yard on Saturday morning - could you and Bob manage that?

The planting plan is attached.

Carol
EOF
  cat > "$work/post.txt" <<'EOF'
Hello gardeners,

the seed swap is on Saturday from 10:00 in the greenhouse. Bring seeds in
labelled envelopes; there will be tea, and spare pots for seedlings.

Riverside Community Garden
EOF
  mailv2 carol list post news@riverside! --subject "Seed swap on Saturday" --body-file "$work/post.txt" >&2
  # An HTML newsletter as other mail programs write them: read as text, links listed, the tracking image never loaded.
  cat > "$work/newsletter.html" <<'EOF'
<html><head><style>body { font-family: Georgia; color: #333 }</style></head><body>
<img src="https://tracker.example/open.gif?u=alice" width="1" height="1" alt="">
<h1>Riverside Garden &mdash; December</h1>
<p>Dear gardeners, the beds are put to rest for the winter. <b>Thank you</b> for a wonderful year!</p>
<h2>Coming up</h2>
<ul>
<li>Wreath-making in the greenhouse, Saturday 12th, 14:00</li>
<li>Seed catalogue evening, Thursday 17th, 19:00</li>
</ul>
<blockquote>"The best time to plant a tree was twenty years ago." &ndash; a proverb</blockquote>
<table>
<tr><th>Tool</th><th>Borrowed by</th><th>Due back</th></tr>
<tr><td>Wheelbarrow</td><td>Bob</td><td>5 Dec</td></tr>
<tr><td>Hedge shears</td><td>Dave</td><td>12 Dec</td></tr>
</table>
<p>Photos of the harvest festival are <a href="https://riverside.example/photos">on our website</a>;
the minutes of the meeting are <a href="https://riverside.example/minutes">here</a>.</p>
<p><img src="https://riverside.example/logo.png" alt="Riverside Community Garden logo"></p>
</body></html>
EOF
  mailv2 carol send --to alice! --subject "Garden newsletter: December" --html-file "$work/newsletter.html" >&2
  log "two strangers write to alice!"
  mailv2 erin send --to alice! --subject "Your allotment is waiting" >&2 <<'EOF'
Dear Alice,

I found your address on the garden's noticeboard. I have a plot free next
to yours and wondered whether you would share the water butt with me.

Erin
EOF
  mailv2 frank send --to alice! --subject "SEED DISCOUNTS - 90% OFF TODAY" >&2 <<'EOF'
Best seeds, cheapest prices, only today!
EOF
  mailv2 alice screener list > "$work/alice-screener.txt"
  for subject in "Your allotment is waiting" "SEED DISCOUNTS"; do
    grep -qF "$subject" "$work/alice-screener.txt" || { cat "$work/alice-screener.txt" >&2; die "alice!'s screener lacks '$subject'"; }
  done
  mailv2 alice inbox > "$work/alice-inbox.txt"
  for subject in "Welcome to mailv2" "Lunch on Thursday?" "Notes from the planning meeting" "Seed swap on Saturday" \
    "Garden newsletter: December"; do
    grep -qF "$subject" "$work/alice-inbox.txt" || { cat "$work/alice-inbox.txt" >&2; die "alice!'s inbox lacks '$subject'"; }
  done
}

tmux_() { tmux -u -S "$work/tmux.sock" "$@"; }

start_tui() {
  cat > "$work/tmux.conf" <<'EOF'
set -g status off
set -g default-terminal tmux-256color
set -g escape-time 10
set -g remain-on-exit on
EOF
  log "opening alice!'s terminal UI in tmux"
  tmux_ -f "$work/tmux.conf" new-session -d -s shots -x "$COLS" -y "$ROWS" \
    -e MAILV2_HOME="$work/alice" -e MAILV2_PASSPHRASE="screenshots alice" -e LANG=C.UTF-8 \
    sh -c 'exec "$@" 2>"$0"' "$work/tui.err" \
    "$JAVA" --enable-native-access=ALL-UNNAMED -Xmx256m -cp "$CP" org.mailv2.client.cli.Main local --port "$port"
  await_screen "Garden newsletter: December" 120
}

# await_screen TEXT SECONDS [TEXT2]: until the TUI shows TEXT (and TEXT2).
await_screen() {
  local i screen
  for i in $(seq $(($2 * 10))); do
    screen="$(tmux_ capture-pane -p -t shots)"
    if grep -qF -- "$1" <<<"$screen" && { [ -z "${3:-}" ] || grep -qF -- "$3" <<<"$screen"; }; then
      return 0
    fi
    if [ "$(tmux_ display -p -t shots '#{pane_dead}')" = 1 ]; then
      echo "$screen" >&2
      cat "$work/tui.err" >&2
      die "the TUI exited while waiting for '$1'"
    fi
    sleep 0.1
  done
  echo "$screen" >&2
  die "timed out waiting for the TUI to show '$1' ${3:+and '$3'}"
}

keys() { tmux_ send-keys -t shots "$@"; }
text() { tmux_ send-keys -t shots -l "$1"; }

shot() {
  sleep 0.7 # let xterm paint what tmux just sent it
  import -window "$window" "$work/$1.png" || die "import failed for $1"
  local colours
  colours="$(identify -format '%k' "$work/$1.png")"
  [ "$colours" -gt 4 ] || die "$1.png looks blank ($colours colours)"
  log "captured $1.png ($(identify -format '%wx%h' "$work/$1.png"), $colours colours)"
}

# Runs under Xvfb (see main): shows the tmux session in an xterm and walks through the screens.
drive() {
  xterm -title mailv2-screenshots -geometry "${COLS}x${ROWS}" -fa "$FONT" -fs "$FONT_SIZE" -u8 \
    -tn xterm-256color -bg '#101418' -fg '#d8dee9' -b 8 +sb -xrm 'XTerm*cursorBlink: false' \
    -e tmux -u -S "$work/tmux.sock" attach -t shots 2> "$work/xterm.err" &
  local xterm_pid=$! i
  window=""
  for i in $(seq 100); do
    window="$(xwininfo -name mailv2-screenshots 2>/dev/null | awk '/Window id/ {print $4}')" || true
    [ -n "$window" ] && [ "$(tmux_ display -p -t shots '#{session_attached}')" != 0 ] && break
    kill -0 "$xterm_pid" 2>/dev/null || { cat "$work/xterm.err" >&2; die "xterm exited"; }
    sleep 0.1
  done
  [ -n "$window" ] || die "the xterm window did not appear"
  [ "$(tmux_ display -p -t shots '#{window_width}x#{window_height}')" = "${COLS}x${ROWS}" ] \
    || die "the terminal is $(tmux_ display -p -t shots '#{window_width}x#{window_height}'), not ${COLS}x${ROWS}"

  await_screen "Enter:open" 30 "Garden newsletter: December"
  shot inbox

  keys Enter # the newsletter is newest
  await_screen "on our website [1]" 30 "Wreath-making"
  shot html
  keys Escape
  await_screen "Enter:open" 30

  keys j j # the list post next, then carol!'s message
  keys Enter
  await_screen "verified signature" 30 "the raised beds go in first"
  shot reader
  keys Escape
  await_screen "Enter:open" 30

  keys L
  await_screen "b:browse" 30
  keys b
  await_screen "Browse the lists of" 30
  text riverside
  keys Enter
  await_screen "Volunteer rota" 30 "Riverside Garden news"
  shot lists
  keys Escape
  await_screen "Enter:open" 30

  keys K
  await_screen "Contacts (keys pinned" 30 "carol!"
  shot keyring
  keys Escape
  await_screen "Enter:open" 30

  text ":screener"
  keys Enter
  await_screen "y:accept sender" 30 "Your allotment is waiting"
  shot screener
  text ":inbox"
  keys Enter
  await_screen "Enter:open" 30 "Garden newsletter: December"

  keys c
  text carol!
  keys Tab
  text "bob!, dave!" # bob! and carol! wrote first (their permits make it free); dave! is a first contact
  keys Tab Tab
  text "Timber for the raised beds"
  keys Tab
  text "Hi Carol,"
  keys Enter Enter
  text "Bob and I can fetch the timber on Saturday at nine; his van fits eight planks."
  keys Enter
  text "We will drop it by the shed before the seed swap starts."
  keys Enter Enter
  text "Alice"
  keys F10
  await_screen "Review before sending" 30 "with a stamp"
  shot compose-review

  kill "$xterm_pid" 2>/dev/null || true
}

cleanup() {
  local status=$?
  tmux -S "$work/tmux.sock" kill-server 2>/dev/null || true
  if [ -n "${server_pid:-}" ] && kill "$server_pid" 2>/dev/null; then
    for _ in $(seq 100); do
      kill -0 "$server_pid" 2>/dev/null || break
      sleep 0.2
    done
    kill -9 "$server_pid" 2>/dev/null || true
  fi
  if [ "${KEEP:-0}" = 1 ] || [ $status -ne 0 ]; then
    log "kept the work dir $work (logs: server.out, tui.err, xterm.err)"
  else
    rm -rf "$work"
  fi
  exit $status
}

main() {
  if [ "${1:-}" = "--drive" ]; then # internal: the part that runs on the virtual display
    drive
    return
  fi
  [ $# -eq 0 ] || die "usage: screenshots/make.sh (no arguments; KEEP=1 keeps the temp dir)"
  install_packages
  work="$(mktemp -d -t mailv2-screenshots.XXXXXX)"
  trap cleanup EXIT
  trap 'exit 130' INT TERM
  build
  port="$(free_port)"
  populate
  start_tui
  log "capturing on a virtual display"
  export work port JAVA CP
  LANG=C.UTF-8 xvfb-run -a -s "-screen 0 1600x1000x24" "$root/screenshots/make.sh" --drive \
    || die "capturing failed"
  local name
  for name in "${SHOTS[@]}"; do
    [ -s "$work/$name.png" ] || die "$name.png was not captured"
  done
  for name in "${SHOTS[@]}"; do
    mv -f "$work/$name.png" "$out/$name.png"
  done
  log "done: $(cd "$out" && printf '%s.png ' "${SHOTS[@]}")in $out"
}

main "$@"
