# Picks the newest installed JDK whose major version is >= 17: JAVA_HOME, the java on PATH, and /usr/lib/jvm/*.
mailv2_java_major() {
  "$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}'
}

mailv2_java() {
  local best="" best_major=0 candidate major
  for candidate in "${JAVA_HOME:-}/bin/java" "$(command -v java 2>/dev/null || true)" /usr/lib/jvm/*/bin/java; do
    [ -x "$candidate" ] || continue
    major="$(mailv2_java_major "$candidate")"
    [ -n "$major" ] || continue
    if [ "${major%%.*}" -ge 17 ] && [ "${major%%.*}" -gt "$best_major" ]; then
      best="$candidate"; best_major="${major%%.*}"
    fi
  done
  if [ -z "$best" ]; then
    echo "mailv2: no JDK >= 17 found; install one (e.g. apt-get install openjdk-17-jdk)" >&2
    return 1
  fi
  echo "$best"
}
