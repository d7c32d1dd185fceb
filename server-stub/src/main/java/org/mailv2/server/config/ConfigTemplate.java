package org.mailv2.server.config;

/** Writes {@code config.yml} with every option, its default and what it does. */
public final class ConfigTemplate {
    private ConfigTemplate() {
    }

    public static String render(String hostname, int port, String resolver, String resolverPin, String registration,
                                int powAccount, int powMessage) {
        return render(hostname, port, resolver, resolverPin, registration, powAccount, powMessage, null);
    }

    /** @param metricsPort the Prometheus listener's port, or null to leave metrics off */
    public static String render(String hostname, int port, String resolver, String resolverPin, String registration,
                                int powAccount, int powMessage, Integer metricsPort) {
        String metricsLines = metricsPort == null ? "# metrics:\n#   port: 9464" : "metrics:\n  port: " + metricsPort;
        String pinLine = resolverPin == null ? "# resolverPin: 0123…" : "resolverPin: " + resolverPin;
        return """
                # mailv2 server configuration. Relative paths are relative to this file's directory.

                # The name clients and other servers reach this server by (also in the TLS certificate).
                hostname: %s
                # Address to listen on (0.0.0.0 = all IPv4 interfaces) and TLS port.
                listen: 0.0.0.0
                port: %d
                # URL published in the routing record; default https://<hostname>:<port>.
                # publicUrl: https://mail.example.org

                # Where the database and message blobs live.
                dataDir: .
                # TLS: PEM private key and certificate chain. Replace with a CA-issued pair (e.g. certbot's
                # privkey.pem and fullchain.pem) at will; clients verify by the pin in the routing record.
                tls:
                  certificate: server.crt
                  privateKey: server.key
                # This server's Ed25519 identity; its hash is the routing id. Keep it secret and backed up.
                identityKey: server-identity.key

                # 'self' runs the resolver role here; otherwise the https URL of a resolver.
                resolver: %s
                # SHA-256 of the resolver's TLS certificate when it is self-signed (hex); omit for CA-issued.
                %s

                # 'open' lets anyone register (paying proof of work); 'invite' needs a token from
                # `mailv2-server invite`.
                registration: %s

                # Proof-of-work bits asked of new accounts and of first-contact messages.
                pow:
                  accountBits: %d
                  messageBits: %d

                limits:
                  # Largest sealed message accepted (summary + body ciphertext), bytes.
                  maxMessageBytes: 134217728
                  # Storage per account, bytes.
                  quotaBytes: 10737418240
                  requestsPerMinutePerAccount: 600
                  requestsPerMinutePerIp: 1200
                  # A connection that sends nothing for this many seconds is closed: idle keep-alive connections, and
                  # slow clients that stall inside a request's headers or body.
                  idleTimeoutSeconds: 60
                  # A request body arriving slower than this (bytes per second, averaged from the request's start)
                  # is cut off (the request fails, the connection closes): a client trickling a byte at a time would
                  # otherwise hold a thread for as long as it keeps under the idle timeout.
                  minRequestBytesPerSecond: 256
                  # Days an invitation token stays valid.
                  invitationDays: 14
                  # New-mail event streams (/api/v1/events) one account may hold open at once.
                  eventStreamsPerAccount: 8

                database:
                  # sqlite (one file in dataDir) or postgresql (several replicas may share it).
                  kind: sqlite
                  # For postgresql:
                  # url: jdbc:postgresql://127.0.0.1:5432/mailv2
                  # user: mailv2
                  # passwordFile: db-password.txt

                relay:
                  # How long undeliverable mail is retried before the sender gets a delivery-status message.
                  retryWindowHours: 72
                  # Concurrent relay workers in this process.
                  workers: 2
                  # A worker holds a claimed message this long; if its process dies, another takes it over
                  # afterwards (delivery is idempotent, so a slow worker overtaken causes no duplicate).
                  leaseSeconds: 300
                  # How long the relay uses a recipient's server without asking the resolver again. A server the
                  # recipient moved away from answers 'moved', and the relay asks at once.
                  routeCacheSeconds: 300
                  # After an account moved to another server: how long mail for it is forwarded there (30 days),
                  # before it is refused with 'moved' (senders' relays then resolve the address again).
                  movedGraceSeconds: 2592000

                # Calls to other servers (relay targets, a remote resolver): seconds to connect, to wait for each read,
                # and for a whole call. A server that accepts and never answers, or answers a byte at a time, holds a
                # relay worker or a delivery no longer; the copy is tried again later.
                outgoing:
                  connectTimeoutSeconds: 10
                  readTimeoutSeconds: 30
                  relayCallTimeoutSeconds: 600
                  resolverCallTimeoutSeconds: 30

                # Metrics in the Prometheus text format at http://127.0.0.1:<port>/metrics. Plain HTTP, bound to the
                # loopback interface only (never reachable from other hosts); off while this section is absent.
                %s
                """.formatted(hostname, port, resolver, pinLine, registration, powAccount, powMessage, metricsLines);
    }
}
