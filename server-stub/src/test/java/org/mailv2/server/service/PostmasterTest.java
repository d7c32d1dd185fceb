package org.mailv2.server.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailv2.protocol.digest.Sha256;
import org.mailv2.protocol.keys.EncryptionIdentity;
import org.mailv2.protocol.keys.SigningPrivateKey;
import org.mailv2.protocol.pow.StampVerifier;
import org.mailv2.protocol.resolver.AddressRecord;
import org.mailv2.protocol.resolver.InMemoryResolver;
import org.mailv2.protocol.resolver.RecordRules;

/** The server's postmaster account is adopted only with the keys it holds. */
class PostmasterTest {
    @TempDir
    Path dir;

    private ServiceWorld world;

    @BeforeEach
    void setUp() throws IOException {
        world = new ServiceWorld(dir);
    }

    @AfterEach
    void tearDown() {
        world.close();
    }

    private Postmaster.Identity ensure() throws IOException {
        return Postmaster.ensure(dir.resolve("postmaster.key"), world.here, world.db, world.resolver,
                world.resolver::publish, false, ServiceWorld.BITS, 1_000_000, world.clock, new SecureRandom());
    }

    @Test
    void aFirstStartRegistersThePostmasterAndALaterStartAdoptsItsOwnRecord() throws IOException {
        Postmaster.Identity first = ensure();
        Postmaster.Identity again = ensure();
        Sha256 hash = first.address().hash();

        assertThat(again.signing().publicKey()).isEqualTo(first.signing().publicKey());
        assertThat(world.resolver.address(hash).orElseThrow().signingKey()).isEqualTo(first.signing().publicKey());
        assertThat(world.db.accounts().find(hash)).isPresent();
    }

    @Test
    void aPostmasterRecordWithAnotherKeyIsRefusedAndNoAccountIsCreated() {
        Sha256 hash = Postmaster.addressOf(world.here).hash();
        world.user(Postmaster.addressOf(world.here).display(), world.here);

        assertThatThrownBy(this::ensure).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("another key");
        assertThat(world.db.accounts().find(hash)).isEmpty();
        assertThat(world.db.records().address(hash)).isEmpty();
    }

    @Test
    void anAdoptedPostmasterWhoseRecordWasReplacedIsRefusedOnTheNextStart() throws IOException {
        Postmaster.Identity first = ensure();
        Sha256 hash = first.address().hash();
        // Someone took the postmaster's address at the resolver (a resolver that lost its data, say).
        var stolen = new InMemoryResolver(new RecordRules(
                new StampVerifier(world.clock), ServiceWorld.BITS));
        var key = SigningPrivateKey.generate(new SecureRandom());
        var record = AddressRecord.create(hash, key,
                EncryptionIdentity.generate(new SecureRandom()).recipient(), world.here);
        stolen.publish(record, world.creationStamp(record));

        assertThatThrownBy(() -> Postmaster.ensure(dir.resolve("postmaster.key"), world.here, world.db, stolen,
                stolen::publish, false, ServiceWorld.BITS, 1_000_000, world.clock, new SecureRandom()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("another key");
    }
}
