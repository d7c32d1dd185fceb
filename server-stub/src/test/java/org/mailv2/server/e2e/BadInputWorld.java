package org.mailv2.server.e2e;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.UUID;
import org.mailv2.protocol.api.AddressRecordSubmission;
import org.mailv2.protocol.api.SealedTransfer;
import org.mailv2.protocol.auth.AuthToken;
import org.mailv2.protocol.digest.Sha256;
import org.mailv2.protocol.keys.SigningPrivateKey;
import org.mailv2.protocol.json.Json;
import org.mailv2.protocol.keys.Base64Url;
import org.mailv2.protocol.permit.PermitId;
import org.mailv2.protocol.pow.Stamp;
import org.mailv2.protocol.resolver.AddressRecord;
import org.mailv2.protocol.seal.Envelope;
import org.mailv2.protocol.seal.UnsignedEnvelope;
import org.mailv2.server.app.RunningServer;

/**
 * One server and the people around it, set up once for the bad-input matrix: alice writes to bob, who issued permits
 * (to alice, one revoked, one to carol), blocked mallory, kept one of alice's messages and deleted another; alice
 * moved her record to serial 2. Every bad request is made against this state, which none of them may change.
 */
final class BadInputWorld {
    final RunningServer server;
    final Path dataDir;
    final RawClient raw;
    final TestAccount alice;
    final TestAccount bob;
    final TestAccount carol;
    final TestAccount dave;
    final TestAccount mallory;
    final PermitId bobsPermitForAlice;
    final PermitId bobsRevokedPermitForAlice;
    final PermitId bobsPermitForCarol;
    /** Delivered to bob and kept. */
    final TestAccount.Sealed kept;
    /** Delivered to bob, who deleted it: its stamp is spent. */
    final TestAccount.Sealed deleted;
    final AddressRecord aliceFirstRecord;
    final AddressRecord aliceCurrentRecord;
    /** frank! lives on another server (his record routes elsewhere): he may arrive here by a move. */
    final SigningPrivateKey frankSigning = SigningPrivateKey.generate(new java.security.SecureRandom());
    final AddressRecord frankRecord;

    private BadInputWorld(TestServers servers) throws IOException {
        server = servers.startResolver();
        dataDir = servers.directories().get(0);
        raw = new RawClient(server);
        alice = TestAccount.register(server, "alice!");
        bob = TestAccount.register(server, "bob!");
        carol = TestAccount.register(server, "carol!");
        dave = TestAccount.register(server, "dave!");
        mallory = TestAccount.register(server, "mallory!");
        bobsPermitForAlice = bob.permit(alice);
        bobsRevokedPermitForAlice = bob.permit(alice);
        bob.api.revokePermit(bobsRevokedPermitForAlice);
        bobsPermitForCarol = bob.permit(carol);
        bob.api.block(mallory.address.hash());
        kept = alice.seal(bob, "kept", "stays in bob's screener box");
        require(incoming(kept.envelope(), kept.summary(), kept.body()), 201);
        deleted = alice.seal(bob, "deleted", "bob deletes this one");
        require(incoming(deleted.envelope(), deleted.summary(), deleted.body()), 201);
        bob.api.delete(UUID.fromString(deleted.messageId()));
        aliceFirstRecord = AddressRecord.create(alice.address.hash(), alice.signing, alice.encryption.recipient(),
                server.routingId());
        aliceCurrentRecord = aliceFirstRecord.movedTo(server.routingId(), alice.signing);
        require(json("PUT", recordPath(alice.address.hash()), null,
                Json.write(new AddressRecordSubmission(aliceCurrentRecord, null))), 204);
        Sha256 frank = org.mailv2.protocol.address.Address.parse("frank!").hash();
        frankRecord = AddressRecord.create(frank, frankSigning,
                org.mailv2.protocol.keys.EncryptionIdentity.generate(new java.security.SecureRandom()).recipient(),
                Sha256.hash("elsewhere"));
        require(json("PUT", recordPath(frank), null, Json.write(new AddressRecordSubmission(frankRecord,
                Forgeries.stamp(TestServers.ACCOUNT_BITS, today(), frank, frank, frankRecord.digest())))), 204);
    }

    static BadInputWorld create(TestServers servers) throws IOException {
        return new BadInputWorld(servers);
    }

    static String recordPath(Sha256 hash) {
        return "/api/v1/records/address/" + hash.hex();
    }

    String token(TestAccount account) {
        return "Mailv2 " + AuthToken.issue(account.signing, account.address.hash(), server.routingId(),
                Clock.systemUTC(), Duration.ofMinutes(5));
    }

    RawClient.Answer incoming(Envelope envelope, byte[] summary, byte[] body) throws IOException {
        return sealed("/api/v1/incoming", null, Base64Url.encode(envelope.toJson()), concat(summary, body), false);
    }

    RawClient.Answer outbox(TestAccount as, Envelope envelope, byte[] summary, byte[] body) throws IOException {
        return sealed("/api/v1/outbox", as, Base64Url.encode(envelope.toJson()), concat(summary, body), false);
    }

    /** A sealed transfer with any envelope header text; chunked, it has no Content-Length to check. */
    RawClient.Answer sealed(String path, TestAccount as, String envelopeHeader, byte[] content, boolean chunked)
            throws IOException {
        String[] headers = as == null
                ? new String[] {SealedTransfer.ENVELOPE_HEADER, envelopeHeader}
                : new String[] {SealedTransfer.ENVELOPE_HEADER, envelopeHeader, "Authorization", token(as)};
        return chunked ? raw.sendChunked("POST", path, SealedTransfer.MEDIA_TYPE, content, headers)
                : raw.send("POST", path, SealedTransfer.MEDIA_TYPE, content, headers);
    }

    /** A JSON request, as {@code as} (or anonymous when null). */
    RawClient.Answer json(String method, String path, TestAccount as, byte[] body) throws IOException {
        return json(method, path, as, "application/json", body);
    }

    RawClient.Answer json(String method, String path, TestAccount as, String contentType, byte[] body)
            throws IOException {
        return as == null ? raw.send(method, path, contentType, body)
                : raw.send(method, path, contentType, body, "Authorization", token(as));
    }

    RawClient.Answer json(String method, String path, TestAccount as, String body) throws IOException {
        return json(method, path, as, body.getBytes(UTF_8));
    }

    RawClient.Answer get(String path, TestAccount as) throws IOException {
        return as == null ? raw.send("GET", path, null, null) : raw.send("GET", path, null, null, "Authorization",
                token(as));
    }

    /** The request line and headers written byte for byte (paths exactly as given). */
    RawClient.Answer rawGet(String target, TestAccount as) throws IOException {
        String head = "GET " + target + " HTTP/1.1" + (as == null ? "" : "\r\nAuthorization: " + token(as));
        return raw.raw(head, null, false);
    }

    /** {@code sealed}'s envelope, unsigned, signed again by its sender with {@code stamp} and {@code permit}. */
    static Envelope resigned(TestAccount from, UnsignedEnvelope unsigned, Stamp stamp, PermitId permit) {
        return unsigned.sign(from.signing, stamp, permit);
    }

    /** Signed by {@code from} with a good stamp for today at the server's bits. */
    static Envelope stamped(TestAccount from, UnsignedEnvelope unsigned) {
        return resigned(from, unsigned, Forgeries.stamp(TestServers.MESSAGE_BITS, today(), unsigned.fromHash(),
                unsigned.toHash(), unsigned.digest()), null);
    }

    static LocalDate today() {
        return TestAccount.today();
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static void require(RawClient.Answer answer, int status) {
        if (answer.status() != status) {
            throw new IllegalStateException("setup: expected " + status + ", got " + answer);
        }
    }
}
