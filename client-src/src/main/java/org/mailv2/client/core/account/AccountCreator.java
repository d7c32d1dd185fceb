package org.mailv2.client.core.account;

import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.function.Consumer;
import org.mailv2.client.core.keyring.OwnAccount;
import org.mailv2.protocol.address.Address;
import org.mailv2.protocol.api.ApiClient;
import org.mailv2.protocol.api.RegisterRequest;
import org.mailv2.protocol.api.ServerInfo;
import org.mailv2.protocol.digest.Sha256;
import org.mailv2.protocol.keys.EncryptionIdentity;
import org.mailv2.protocol.keys.SigningPrivateKey;
import org.mailv2.protocol.pow.SolveProgress;
import org.mailv2.protocol.pow.Stamp;
import org.mailv2.protocol.pow.StampSolver;
import org.mailv2.protocol.resolver.AddressRecord;

/**
 * Creates an account: fresh keys, a first address record routing to the chosen server, the proof of work the server
 * asks for, and the registration. The result goes into the vault.
 */
public final class AccountCreator {
    private final Clock clock;
    private final SecureRandom random;
    private final StampSolver solver;

    public AccountCreator(Clock clock, SecureRandom random, StampSolver solver) {
        this.clock = clock;
        this.random = random;
        this.solver = solver;
    }

    /**
     * @param serverPin the SHA-256 of the server's certificate, as the user confirmed it (null for a CA-issued one)
     * @throws IOException when the server cannot be reached or refuses (an {@link org.mailv2.protocol.api.ApiException})
     */
    public OwnAccount create(Address address, String displayName, String serverUrl, Sha256 serverPin,
                             String invitation, Consumer<SolveProgress> progress) throws IOException {
        ApiClient server = ApiClient.connect(serverUrl, serverPin);
        ServerInfo info = server.info();
        SigningPrivateKey signing = SigningPrivateKey.generate(random);
        EncryptionIdentity encryption = EncryptionIdentity.generate(random);
        // For x@org! the invitation is the organisation's (it goes into the record, for every correspondent to
        // check); for other addresses it is the server's.
        boolean member = address.organisation().isPresent() && invitation != null;
        AddressRecord record;
        if (member) {
            var membership = org.mailv2.protocol.resolver.Membership.parse(invitation, address);
            record = AddressRecord.createMember(address.hash(), signing, encryption.recipient(), info.routingId(),
                    membership.organisationHash(), membership.signature());
        } else {
            record = AddressRecord.create(address.hash(), signing, encryption.recipient(), info.routingId());
        }
        Stamp stamp = solver.solve(record.creationStampHeader(info.powAccountBits(),
                LocalDate.now(clock.withZone(ZoneOffset.UTC))), random.nextLong() >>> 1, progress);
        server.register(new RegisterRequest(record, stamp, member ? null : invitation));
        return new OwnAccount(address.display(), displayName, serverUrl, serverPin, info.routingId(),
                info.resolverUrl(), info.resolverPin(), signing.secretText(), encryption.secretText(),
                clock.instant());
    }
}
