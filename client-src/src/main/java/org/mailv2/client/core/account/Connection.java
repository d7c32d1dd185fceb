package org.mailv2.client.core.account;

import java.time.Clock;
import java.time.Duration;
import org.mailv2.client.core.keyring.OwnAccount;
import org.mailv2.protocol.api.ApiClient;
import org.mailv2.protocol.auth.AuthToken;

/**
 * An account's two connections: its own server (authenticated with short-lived tokens it signs) and the resolver
 * that server uses (the server itself when it runs the role).
 */
public record Connection(OwnAccount account, ApiClient server, ApiClient resolver) {
    private static final Duration TOKEN_LIFETIME = Duration.ofMinutes(5);

    public static Connection open(OwnAccount account, Clock clock) {
        ApiClient server = ApiClient.connect(account.serverUrl(), account.serverPin())
                .withToken(() -> AuthToken.issue(account.signingKey(), account.parsedAddress().hash(),
                        account.routingId(), clock, TOKEN_LIFETIME));
        ApiClient resolver = account.resolverUrl() == null ? server
                : ApiClient.connect(account.resolverUrl(), account.resolverPin());
        return new Connection(account, server, resolver);
    }
}
