package org.mailv2.server.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailv2.protocol.auth.AuthToken;
import org.mailv2.protocol.digest.Sha256;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.error.ProtocolException;
import org.mailv2.protocol.keys.EncryptionIdentity;
import org.mailv2.protocol.keys.SigningPrivateKey;
import org.mailv2.protocol.pow.StampVerifier;
import org.mailv2.protocol.resolver.AddressRecord;
import org.mailv2.protocol.resolver.OrganisationRecord;
import org.mailv2.protocol.resolver.RecordRules;
import org.mailv2.protocol.resolver.Resolver;
import org.mailv2.protocol.resolver.RoutingRecord;

/**
 * A server whose resolver is remote keeps copies of its accounts' records; tokens are checked against a copy that is
 * at most a minute old, fetched again at once when a check fails, and replaced only by a rotation the current key
 * signed.
 */
class AuthenticatorTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    @TempDir
    Path dir;

    private ServiceWorld world;
    private ServiceWorld.User alice;
    /** The remote resolver as the server sees it; a test may make it lie about one record. */
    private final Map<Sha256, AddressRecord> lies = new ConcurrentHashMap<>();
    private Authenticator authenticator;

    @BeforeEach
    void setUp() throws IOException {
        world = new ServiceWorld(dir);
        alice = world.local("alice!", 1_000_000);
        Resolver remote = new Resolver() {
            @Override
            public Optional<AddressRecord> address(Sha256 hash) {
                return lies.containsKey(hash) ? Optional.of(lies.get(hash)) : world.resolver.address(hash);
            }

            @Override
            public Optional<RoutingRecord> routing(Sha256 routingId) {
                return world.resolver.routing(routingId);
            }

            @Override
            public Optional<OrganisationRecord> organisation(Sha256 hash) {
                return world.resolver.organisation(hash);
            }
        };
        AccountRecords records = new AccountRecords(world.db, remote,
                new RecordRules(new StampVerifier(world.clock), ServiceWorld.BITS), Duration.ofMinutes(1),
                Duration.ofSeconds(5), world.clock);
        authenticator = new Authenticator(world.db, records, world.here, world.clock);
    }

    @AfterEach
    void tearDown() {
        world.close();
    }

    private String token(SigningPrivateKey key) {
        return "Mailv2 " + AuthToken.issue(key, alice.hash(), world.here, world.clock, Duration.ofMinutes(5));
    }

    private AddressRecord rotate() {
        SigningPrivateKey next = SigningPrivateKey.generate(RANDOM);
        AddressRecord rotated = alice.record().rotatedTo(alice.signing(), next,
                EncryptionIdentity.generate(RANDOM).recipient());
        world.resolver.publish(rotated, null);
        return rotated;
    }

    @Test
    void afterAliceRotatesHerKeyTheNewOneWorksAtOnceAndTheReplacedOneStopsWithinAMinute() {
        assertThat(authenticator.authenticate(token(alice.signing()))).isEqualTo(alice.hash());
        SigningPrivateKey next = SigningPrivateKey.generate(RANDOM);
        world.resolver.publish(alice.record().rotatedTo(alice.signing(), next,
                EncryptionIdentity.generate(RANDOM).recipient()), null);

        assertThat(authenticator.authenticate(token(next))).as("a failed check fetches the record again")
                .isEqualTo(alice.hash());
        world.clock.advance(Duration.ofMinutes(2));
        assertThatThrownBy(() -> authenticator.authenticate(token(alice.signing())))
                .isInstanceOfSatisfying(ProtocolException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHORIZED));
        assertThat(world.db.records().address(alice.hash()).orElseThrow().signingKey())
                .isEqualTo(next.publicKey());
    }

    @Test
    void aReplacedKeyStopsWithinAMinuteEvenWhenNoOneUsesTheNewOne() {
        rotate();
        world.clock.advance(Duration.ofMinutes(2));

        assertThatThrownBy(() -> authenticator.authenticate(token(alice.signing())))
                .isInstanceOfSatisfying(ProtocolException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHORIZED));
    }

    @Test
    void aResolverThatSwapsAlicesKeyWithoutHerSignatureGainsNothingHere() {
        SigningPrivateKey mallory = SigningPrivateKey.generate(RANDOM);
        AddressRecord first = AddressRecord.create(alice.hash(), mallory,
                EncryptionIdentity.generate(RANDOM).recipient(), world.here);
        lies.put(alice.hash(), first.movedTo(world.here, mallory).movedTo(world.here, mallory));

        assertThatThrownBy(() -> authenticator.authenticate(token(mallory)))
                .isInstanceOfSatisfying(ProtocolException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHORIZED));
        world.clock.advance(Duration.ofMinutes(2));
        assertThat(authenticator.authenticate(token(alice.signing()))).isEqualTo(alice.hash());
        assertThat(world.db.records().address(alice.hash()).orElseThrow().signingKey())
                .isEqualTo(alice.signing().publicKey());
    }

    @Test
    void aSuspendedAccountsHolderLearnsItIsSuspendedAndAnyoneElseOnlyThatTheTokenIsBad() {
        world.db.accounts().suspend(alice.hash(), world.clock.instant());

        assertThatThrownBy(() -> authenticator.authenticate(token(alice.signing())))
                .isInstanceOfSatisfying(ProtocolException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.SUSPENDED));
        assertThatThrownBy(() -> authenticator.authenticate(token(SigningPrivateKey.generate(RANDOM))))
                .isInstanceOfSatisfying(ProtocolException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHORIZED));

        world.db.accounts().resume(alice.hash());
        assertThat(authenticator.authenticate(token(alice.signing()))).isEqualTo(alice.hash());
    }
}
