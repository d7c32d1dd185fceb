#!/usr/bin/env bash
# Deliveries per second into one mailbox: mailv2 (32 senders sealing, stamping or using a permit, and submitting 4 KiB
# messages over TLS to a server process on SQLite) against Postfix (smtp-source, 32 sessions, 4 KiB, into a Maildir)
# on the same machine, in alternating rounds; prints rates, p50/p99 latency and the ratio. Installs nothing: needs
# Postfix set up once by bench/postfix-setup.sh (POSTFIX=0 runs mailv2 alone).
#
# Usage (from the repo root): bench/delivery.sh
# Environment: ROUNDS (3), ROUND_MESSAGES (3200), PREFILL (100000 messages in the mailbox before round 1), SENDERS (32),
#   DATABASE_URL/DATABASE_USER/DATABASE_PASSWORD (PostgreSQL instead of SQLite; the database is dropped and made anew), REPLICAS (1),
#   BENCH_SKIP_BUILD=1, SERVER_JFR=file.jfr (profile the server), JAVA (the java to run both sides with)
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${POSTFIX:-1}" != 0 ]; then
  [ -x /usr/sbin/smtp-source ] || { echo "delivery.sh: needs Debian's postfix (smtp-source); then bench/postfix-setup.sh" >&2; exit 1; }
  postfix status >/dev/null 2>&1 || { echo "delivery.sh: Postfix is not running; run bench/postfix-setup.sh" >&2; exit 1; }
  [ -d /home/benchmail/Maildir/new ] || { echo "delivery.sh: no benchmail Maildir; run bench/postfix-setup.sh" >&2; exit 1; }
fi
if [ -z "${BENCH_SKIP_BUILD:-}" ]; then
  mvn -q -B -o -DskipTests -pl server-stub -am package >&2
fi
mkdir -p bench/out
cp="$PWD/server-stub/target/classes:$PWD/server-stub/target/lib/*"
"${JAVA:-java}" -Xmx1g -cp "$cp" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn bench/DeliveryBench.java "$@" \
  | tee "bench/out/delivery-$(date +%Y%m%d-%H%M%S).txt"
