# Picks the newest installed JDK whose major version is >= 17: JAVA_HOME, the java on PATH, and /usr/lib/jvm/*.
# Asking each JDK its version costs about 0.1 s apiece, so the choice is remembered in the cache folder, keyed by the
# candidates and their modification times: installing, removing or updating a JDK (or changing JAVA_HOME or PATH)
# makes the launcher choose again.
mailv2_java_major() {
  "$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}'
}

mailv2_java_candidates() {
  printf '%s\n' "${JAVA_HOME:-}/bin/java" "$(command -v java 2>/dev/null || true)" /usr/lib/jvm/*/bin/java
}

mailv2_java_fingerprint() {
  local candidate
  mailv2_java_candidates | while read -r candidate; do
    [ -n "$candidate" ] || continue
    printf '%s %s\n' "$candidate" "$(stat -L -c %Y "$candidate" 2>/dev/null || echo missing)"
  done | cksum | cut -d' ' -f1
}

mailv2_java_choose() {
  local best="" best_major=0 candidate major
  while read -r candidate; do
    [ -x "$candidate" ] || continue
    major="$(mailv2_java_major "$candidate")"
    [ -n "$major" ] || continue
    if [ "${major%%.*}" -ge 17 ] && [ "${major%%.*}" -gt "$best_major" ]; then
      best="$candidate"; best_major="${major%%.*}"
    fi
  done < <(mailv2_java_candidates)
  echo "$best"
}

mailv2_java() {
  local cache="${MAILV2_JAVA_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/mailv2/java-choice}"
  local fingerprint best
  fingerprint="$(mailv2_java_fingerprint)"
  if [ -f "$cache" ]; then
    local saved_fingerprint="" saved_java=""
    { read -r saved_fingerprint || true; read -r saved_java || true; } < "$cache"
    if [ "$saved_fingerprint" = "$fingerprint" ] && [ -x "$saved_java" ]; then
      echo "$saved_java"
      return 0
    fi
  fi
  best="$(mailv2_java_choose)"
  if [ -z "$best" ]; then
    echo "mailv2: no JDK >= 17 found; install one (e.g. apt-get install openjdk-17-jdk)" >&2
    return 1
  fi
  if mkdir -p "$(dirname "$cache")" 2>/dev/null; then
    printf '%s\n%s\n' "$fingerprint" "$best" > "$cache.$$" 2>/dev/null && mv -f "$cache.$$" "$cache" 2>/dev/null
  fi
  echo "$best"
}

# The major version of a JDK's java, read from its release file (no JVM started); empty when unknown.
mailv2_java_release_major() {
  local home
  home="$(dirname "$(dirname "$(readlink -f "$1")")")"
  sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$home/release" 2>/dev/null | head -1
}

# The class-data-sharing archive for one command: named after the command and a checksum of the JDK, the flags and
# every class-path entry with its size and time. The key must change with the jars because the JVM does not replace
# an archive whose jars changed: it runs without it, on every start. Archives of the same command made for other jars
# are removed when a new one is due.
mailv2_cds_archive() { # folder, command name, java, class path (colon-separated), flags...
  local dir="$1" name="$2" java="$3" classpath="$4" key archive old entries
  shift 4
  IFS=: read -ra entries <<< "$classpath"
  key="$({ printf '%s\n' "$java" "$*"; stat -L -c '%n %s %Y' -- "${entries[@]}" 2>&1; } | cksum | cut -d' ' -f1)"
  archive="$dir/$name-$key.jsa"
  if [ ! -e "$archive" ]; then
    for old in "$dir/$name"-*.jsa; do
      [ "$old" = "$archive" ] || rm -f -- "$old"
    done
  fi
  echo "$archive"
}
