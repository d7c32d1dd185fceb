#!/usr/bin/env bash
# One-time setup of the local Postfix that bench/delivery.sh measures against (run as root, on a benchmark machine
# only: it changes this machine's Postfix configuration). Needs Debian's postfix ("Local only" or no configuration):
#   DEBIAN_FRONTEND=noninteractive apt-get install -y postfix
# What it does: a user benchmail whose mail goes to ~/Maildir/, home_mailbox = Maildir/, Postfix's own log file
# /var/log/postfix-bench.log (for each delivery's delay=), and starts (or reloads) Postfix.
set -euo pipefail
command -v postconf >/dev/null && [ -x /usr/sbin/smtp-source ] \
  || { echo "postfix-setup.sh: needs Debian's postfix (apt-get install postfix)" >&2; exit 1; }
id benchmail >/dev/null 2>&1 || useradd --create-home --shell /usr/sbin/nologin benchmail
install -d -o benchmail -g benchmail /home/benchmail/Maildir /home/benchmail/Maildir/new /home/benchmail/Maildir/cur \
  /home/benchmail/Maildir/tmp
postconf -e home_mailbox=Maildir/ maillog_file=/var/log/postfix-bench.log inet_interfaces=loopback-only \
  mydestination='$myhostname, localhost.localdomain, localhost'
if postfix status >/dev/null 2>&1; then postfix reload; else postfix start; fi
echo "Postfix delivers benchmail@localhost into /home/benchmail/Maildir; log /var/log/postfix-bench.log"
