package org.mailv2.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mailv2.protocol.api.ApiException;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.permit.PermitId;
import org.mailv2.protocol.seal.ByteSource;
import org.mailv2.server.app.RunningServer;

/** Accounts on one real server (TLS on 127.0.0.1, SQLite) exchange mail; every kind of bad delivery is refused. */
class SingleServerIT {
    @RegisterExtension
    final TestServers servers = new TestServers();

    @Test
    void aliceWritesToBobWhoReadsItVerified() throws IOException {
        RunningServer server = servers.startResolver();
        TestAccount alice = TestAccount.register(server, "alice!");
        TestAccount bob = TestAccount.register(server, "bob!");

        alice.send(bob, "Hello Bob", "first contact, paid with a stamp\n");

        var inbox = bob.received();
        assertThat(inbox).hasSize(1);
        TestAccount.Read read = bob.read(inbox.get(0));
        assertThat(read.summary().subject()).isEqualTo("Hello Bob");
        assertThat(read.message().from()).isEqualTo(alice.address);
        assertThat(read.message().text()).isEqualTo("first contact, paid with a stamp\n");
        assertThat(alice.received()).isEmpty();
    }

    @Test
    void resendingTheSameMessageIsIdempotentButAReplayedStampIsRefused() throws IOException {
        RunningServer server = servers.startResolver();
        TestAccount alice = TestAccount.register(server, "alice!");
        TestAccount bob = TestAccount.register(server, "bob!");
        TestAccount.Sealed sealed = alice.send(bob, "once", "x");
        alice.submit(sealed);
        assertThat(bob.received()).hasSize(1);

        bob.api.delete(UUID.fromString(sealed.envelope().messageId()));
        assertCode(() -> alice.submit(sealed), ErrorCode.STAMP_REPLAYED, 402);
        assertThat(bob.received()).isEmpty();
    }

    @Test
    void aStampWithTooFewBitsIsPowRequiredWithTheBits() throws IOException {
        RunningServer server = servers.startResolver();
        TestAccount alice = TestAccount.register(server, "alice!");
        TestAccount bob = TestAccount.register(server, "bob!");
        TestAccount.Sealed weak = alice.seal(bob, "cheap", "x", null, TestServers.MESSAGE_BITS - 2);
        ApiException e = assertCode(() -> alice.submit(weak), ErrorCode.POW_REQUIRED, 402);
        assertThat(e.bits()).isEqualTo(TestServers.MESSAGE_BITS);
        assertThat(bob.received()).isEmpty();
    }

    @Test
    void aForgedSenderIsRefused() throws IOException {
        RunningServer server = servers.startResolver();
        TestAccount alice = TestAccount.register(server, "alice!");
        TestAccount bob = TestAccount.register(server, "bob!");
        TestAccount mallory = TestAccount.register(server, "mallory!");
        // Mallory seals "from alice" and signs with her own key, delivering server to server.
        TestAccount.Sealed sealed = mallory.seal(bob, "from alice, honest", "x");
        var u = sealed.envelope().unsigned();
        var forged = new org.mailv2.protocol.seal.UnsignedEnvelope(u.version(), u.messageId(), alice.address.hash(),
                u.toHash(), u.senderKeyId(), u.summarySize(), u.summarySha256(), u.bodySize(), u.bodySha256())
                .sign(mallory.signing, sealed.envelope().stamp(), null);
        assertCode(() -> mallory.api.deliver(forged, sealed.summary(), ByteSource.of(sealed.body())),
                ErrorCode.BAD_SIGNATURE, 403);
        // Nor may she submit it through her own outbox as alice.
        assertCode(() -> mallory.api.submit(forged, sealed.summary(), ByteSource.of(sealed.body())),
                ErrorCode.FORBIDDEN, 403);
        assertThat(bob.received()).isEmpty();
    }

    @Test
    void aTamperedBodyIsRefusedAndNothingIsStored() throws IOException {
        RunningServer server = servers.startResolver();
        TestAccount alice = TestAccount.register(server, "alice!");
        TestAccount bob = TestAccount.register(server, "bob!");
        TestAccount.Sealed sealed = alice.seal(bob, "s", "text");
        byte[] body = sealed.body().clone();
        body[body.length / 2] ^= 1;
        assertCode(() -> alice.api.submit(sealed.envelope(), sealed.summary(), ByteSource.of(body)),
                ErrorCode.TAMPERED, 422);
        assertThat(bob.received()).isEmpty();
        // The untampered copy still goes through: the refusal spent nothing.
        alice.submit(sealed);
        assertThat(bob.received()).hasSize(1);
    }

    @Test
    void permitsLetContactsInWithoutStampsUntilRevoked() throws IOException {
        RunningServer server = servers.startResolver();
        TestAccount alice = TestAccount.register(server, "alice!");
        TestAccount bob = TestAccount.register(server, "bob!");
        TestAccount carol = TestAccount.register(server, "carol!");
        PermitId permit = bob.permit(alice);

        alice.submit(alice.seal(bob, "free", "no stamp needed", permit, 0));
        assertThat(bob.received()).hasSize(1);

        assertCode(() -> carol.submit(carol.seal(bob, "borrowed", "x", permit, 0)), ErrorCode.PERMIT_MISMATCH, 403);

        bob.api.revokePermit(permit);
        assertCode(() -> alice.submit(alice.seal(bob, "after revoke", "x", permit, 0)), ErrorCode.PERMIT_REVOKED, 403);
        assertThat(bob.received()).hasSize(1);
        assertThat(bob.api.permits()).singleElement().satisfies(p -> assertThat(p.revokedAt()).isNotNull());
    }

    @Test
    void mailboxesAreEachAccountsOwn() throws IOException {
        RunningServer server = servers.startResolver();
        TestAccount alice = TestAccount.register(server, "alice!");
        TestAccount bob = TestAccount.register(server, "bob!");
        TestAccount.Sealed sealed = alice.send(bob, "private", "for bob only");
        UUID id = UUID.fromString(sealed.envelope().messageId());
        assertCode(() -> alice.api.message(id), ErrorCode.UNKNOWN_RECIPIENT, 404);
        assertCode(() -> alice.api.delete(id), ErrorCode.UNKNOWN_RECIPIENT, 404);
        bob.api.setFlags(id, List.of("seen", "flagged"));
        bob.api.move(id, "archive");
        assertThat(bob.api.message(id).flags()).containsExactly("flagged", "seen");
        assertThat(bob.api.list("archive", 0, 10).messages()).hasSize(1);
        assertThat(bob.api.boxes()).anySatisfy(b -> assertThat(b.name()).isEqualTo("archive"));
    }

    @Test
    void registeringTwiceOrWithoutWorkIsRefused() throws IOException {
        RunningServer server = servers.startResolver();
        TestAccount.register(server, "alice!");
        assertThatThrownBy(() -> TestAccount.register(server, "a.lice!"))
                .isInstanceOf(ApiException.class)
                .satisfies(e -> assertThat(((ApiException) e).code()).isIn(ErrorCode.CONFLICT, ErrorCode.STALE_SERIAL,
                        ErrorCode.KEY_CHANGE_UNSIGNED));
    }

    @Test
    void anInviteOnlyServerAdmitsEachInvitationOnceAndOnlyForItsAddress() throws IOException {
        RunningServer server = servers.start("self", null, "invite");
        assertCode(() -> TestAccount.register(server, "alice!"), ErrorCode.FORBIDDEN, 403);
        String invitation = server.invite(org.mailv2.protocol.address.Address.parse("alice!").hash());
        assertCode(() -> TestAccount.register(server, server, "bob!", invitation), ErrorCode.FORBIDDEN, 403);
        TestAccount.register(server, server, "alice!", invitation);
        String forCarol = server.invite(org.mailv2.protocol.address.Address.parse("carol!").hash());
        TestAccount.register(server, server, "carol!", forCarol);
        assertCode(() -> TestAccount.register(server, server, "carol!", forCarol), ErrorCode.CONFLICT, 409);
    }

    static ApiException assertCode(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, ErrorCode code,
                                   int status) {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(call);
        assertThat(t).isInstanceOf(ApiException.class);
        ApiException e = (ApiException) t;
        assertThat(e.code()).as(e.getMessage()).isEqualTo(code);
        assertThat(e.status()).isEqualTo(status);
        return e;
    }
}
