package org.mailv2.server.config;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.mailv2.protocol.api.ApiClient;
import org.mailv2.protocol.digest.Sha256;
import org.mailv2.protocol.keys.SigningPrivateKey;
import org.mailv2.protocol.resolver.RoutingRecord;

/**
 * The server's configuration parser under fuzzing. A {@code config.yml} may be refused only with a
 * {@link ConfigException} (a message naming the option); anything else — a {@code NullPointerException}, an
 * {@code IllegalArgumentException} escaping Jackson, a stack overflow on deep YAML, a runaway allocation — is a
 * finding. A configuration it accepts must also be usable as the server uses it at start: its public URL goes into
 * the routing record, its resolver URL and pin into the resolver's client. {@code mvn verify} replays the committed
 * seeds and findings ({@code src/test/resources/org/mailv2/server/config/ServerConfigFuzzTestInputs/});
 * {@code JAZZER_FUZZ=1 mvn -B -pl server-stub -am test -Dtest=ServerConfigFuzzTest
 * -Dsurefire.failIfNoSpecifiedTests=false} fuzzes it for its {@code maxDuration}.
 */
class ServerConfigFuzzTest {
    private static final SigningPrivateKey KEY = SigningPrivateKey.ofSeed(new byte[32]);
    private static final Sha256 PIN = Sha256.hash("certificate");

    @FuzzTest(maxDuration = "1m")
    void serverConfig(byte[] data) {
        ServerConfig config;
        try {
            config = ServerConfig.parse(data);
        } catch (ConfigException refused) {
            return; // the parser doing its job
        }
        config.withPort(0);
        RoutingRecord.create(KEY, config.effectivePublicUrl(config.port()), PIN, 1).verifySelf();
        if (!config.selfResolver()) {
            ApiClient.connect(config.resolver(), config.resolverPin() == null ? null
                    : Sha256.parseHex(config.resolverPin()));
        }
    }
}
