package org.mailv2.server.e2e;

import static org.mailv2.protocol.error.ErrorCode.BAD_SIGNATURE;
import static org.mailv2.protocol.error.ErrorCode.BLOCKED;
import static org.mailv2.protocol.error.ErrorCode.CONFLICT;
import static org.mailv2.protocol.error.ErrorCode.FORBIDDEN;
import static org.mailv2.protocol.error.ErrorCode.MALFORMED;
import static org.mailv2.protocol.error.ErrorCode.PERMIT_MISMATCH;
import static org.mailv2.protocol.error.ErrorCode.PERMIT_REVOKED;
import static org.mailv2.protocol.error.ErrorCode.POW_INVALID;
import static org.mailv2.protocol.error.ErrorCode.POW_REQUIRED;
import static org.mailv2.protocol.error.ErrorCode.STAMP_EXPIRED;
import static org.mailv2.protocol.error.ErrorCode.STAMP_REPLAYED;
import static org.mailv2.protocol.error.ErrorCode.TAMPERED;
import static org.mailv2.protocol.error.ErrorCode.TOO_LARGE;
import static org.mailv2.protocol.error.ErrorCode.UNKNOWN_RECIPIENT;
import static org.mailv2.protocol.error.ErrorCode.UNSUPPORTED_VERSION;

import java.io.IOException;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.mailv2.protocol.api.SealedTransfer;
import org.mailv2.protocol.digest.Sha256;
import org.mailv2.protocol.keys.Base64Url;
import org.mailv2.protocol.keys.SigningDomain;
import org.mailv2.protocol.permit.PermitId;
import org.mailv2.protocol.pow.StampHeader;
import org.mailv2.protocol.seal.Envelope;
import org.mailv2.protocol.seal.UnsignedEnvelope;

/**
 * The matrix's sealed-transfer cases ({@code /api/v1/incoming} and {@code /api/v1/outbox}): envelopes signed wrongly,
 * stamps and permits that do not admit, and uploads whose bytes differ from what the signed envelope says.
 */
final class SealedInputCases {
    private static final String INCOMING = "/api/v1/incoming";

    private SealedInputCases() {
    }

    static List<BadInputIT.Case> signatures(BadInputWorld w) throws IOException {
        TestAccount alice = w.alice;
        TestAccount.Sealed s = alice.seal(w.bob, "signatures", "t");
        Envelope e = s.envelope();
        UnsignedEnvelope u = e.unsigned();
        UnsignedEnvelope malloryKeyId = new UnsignedEnvelope(u.version(), u.messageId(), u.fromHash(), u.toHash(),
                w.mallory.signing.keyId(), u.summarySize(), u.summarySha256(), u.bodySize(), u.bodySha256());
        UnsignedEnvelope ghost = new UnsignedEnvelope(u.version(), u.messageId(), Sha256.hash("ghost!"), u.toHash(),
                w.mallory.signing.keyId(), u.summarySize(), u.summarySha256(), u.bodySize(), u.bodySha256());
        return new BadInputIT.Cases()
                .add("envelope signed under the auth-token domain", 403, BAD_SIGNATURE, () -> w.incoming(
                        Forgeries.envelopeSignedIn(SigningDomain.AUTH_TOKEN, e, alice.signing), s.summary(), s.body()))
                .add("envelope signed under the address-record domain", 403, BAD_SIGNATURE, () -> w.incoming(
                        Forgeries.envelopeSignedIn(SigningDomain.ADDRESS_RECORD, e, alice.signing), s.summary(),
                        s.body()))
                .add("envelope signature with one bit flipped", 403, BAD_SIGNATURE, () -> w.incoming(
                        Forgeries.withSignature(e, Forgeries.flipped(e.signature())), s.summary(), s.body()))
                .add("alice's envelope signed by mallory", 403, BAD_SIGNATURE, () -> w.incoming(
                        Forgeries.envelopeSignedIn(SigningDomain.ENVELOPE, e, w.mallory.signing), s.summary(),
                        s.body()))
                .add("mallory writes as alice, naming her own key", 403, BAD_SIGNATURE, () -> w.incoming(
                        BadInputWorld.stamped(w.mallory, malloryKeyId), s.summary(), s.body()))
                .add("alice's key naming another key id", 403, BAD_SIGNATURE, () -> w.incoming(
                        BadInputWorld.stamped(alice, malloryKeyId), s.summary(), s.body()))
                .add("a sender without an address record", 403, BAD_SIGNATURE, () -> w.incoming(
                        BadInputWorld.stamped(w.mallory, ghost), s.summary(), s.body()))
                .add("signature of 63 bytes", 400, MALFORMED, () -> w.sealed(INCOMING, null, Base64Url.encode(
                        Forgeries.edited(e.toJson(), t -> t.put("signature", Base64Url.encode(new byte[63])))),
                        content(s), false))
                .add("outbox: envelope signed under the auth-token domain", 403, BAD_SIGNATURE, () -> w.outbox(alice,
                        Forgeries.envelopeSignedIn(SigningDomain.AUTH_TOKEN, e, alice.signing), s.summary(), s.body()))
                .list();
    }

    static List<BadInputIT.Case> stamps(BadInputWorld w) throws IOException {
        TestAccount alice = w.alice;
        TestAccount.Sealed s = alice.seal(w.bob, "stamps", "t");
        UnsignedEnvelope u = s.envelope().unsigned();
        Sha256 a = u.fromHash();
        Sha256 b = u.toHash();
        LocalDate today = BadInputWorld.today();
        int bits = TestServers.MESSAGE_BITS;
        return new BadInputIT.Cases()
                .add("none (and no permit)", 402, POW_REQUIRED, () -> send(w, s, resign(alice, u, null)))
                .add("4 bits where 10 are required", 402, POW_REQUIRED, () -> send(w, s, resign(alice, u,
                        Forgeries.stamp(4, today, a, b, u.digest()))))
                .add("for another recipient (carol)", 402, POW_INVALID, () -> send(w, s, resign(alice, u,
                        Forgeries.stamp(bits, today, a, w.carol.address.hash(), u.digest()))))
                .add("from another sender (mallory)", 402, POW_INVALID, () -> send(w, s, resign(alice, u,
                        Forgeries.stamp(bits, today, w.mallory.address.hash(), b, u.digest()))))
                .add("for another envelope", 402, POW_INVALID, () -> send(w, s, resign(alice, u,
                        Forgeries.stamp(bits, today, a, b, Sha256.hash("another envelope")))))
                .add("dated three days ago", 402, STAMP_EXPIRED, () -> send(w, s, resign(alice, u,
                        Forgeries.stamp(bits, today.minusDays(3), a, b, u.digest()))))
                .add("dated three days ahead", 402, STAMP_EXPIRED, () -> send(w, s, resign(alice, u,
                        Forgeries.stamp(bits, today.plusDays(3), a, b, u.digest()))))
                .add("without the work its header claims", 402, POW_INVALID, () -> send(w, s, resign(alice, u,
                        Forgeries.unsolved(new StampHeader(bits, today, a, b, u.digest())))))
                .add("spent on a copy bob deleted", 402, STAMP_REPLAYED, () -> w.incoming(w.deleted.envelope(),
                        w.deleted.summary(), w.deleted.body()))
                .add("claiming 65 bits", 402, POW_INVALID, () -> w.sealed(INCOMING, null, Base64Url.encode(
                        Forgeries.edited(s.envelope().toJson(), t -> t.put("stamp",
                                t.get("stamp").asText().replaceFirst("^v1:10:", "v1:65:")))), content(s), false))
                .add("a stamp and a permit together", 400, MALFORMED, () -> w.sealed(INCOMING, null,
                        Base64Url.encode(Forgeries.edited(s.envelope().toJson(),
                                t -> t.put("permitId", w.bobsPermitForAlice.text()))), content(s), false))
                .add("outbox: 4 bits where 10 are required", 402, POW_REQUIRED, () -> w.outbox(alice,
                        resign(alice, u, Forgeries.stamp(4, today, a, b, u.digest())), s.summary(), s.body()))
                .list();
    }

    static List<BadInputIT.Case> permits(BadInputWorld w) throws IOException {
        TestAccount alice = w.alice;
        TestAccount bob = w.bob;
        PermitId forged = PermitId.random(new SecureRandom());
        TestAccount.Sealed revoked = alice.seal(bob, "p", "t", w.bobsRevokedPermitForAlice, 0);
        TestAccount.Sealed carols = alice.seal(bob, "p", "t", w.bobsPermitForCarol, 0);
        TestAccount.Sealed toDave = alice.seal(w.dave, "p", "t", w.bobsPermitForAlice, 0);
        TestAccount.Sealed unknown = alice.seal(bob, "p", "t", forged, 0);
        TestAccount.Sealed carolUsesAlices = w.carol.seal(bob, "p", "t", w.bobsPermitForAlice, 0);
        TestAccount.Sealed blocked = w.mallory.seal(bob, "let me in", "t");
        return new BadInputIT.Cases()
                .add("revoked by bob", 403, PERMIT_REVOKED, () -> send(w, revoked, revoked.envelope()))
                .add("bob's permit for carol, used by alice", 403, PERMIT_MISMATCH,
                        () -> send(w, carols, carols.envelope()))
                .add("carol names the permit bob gave alice", 403, PERMIT_MISMATCH,
                        () -> send(w, carolUsesAlices, carolUsesAlices.envelope()))
                .add("bob's permit for alice, used to write to dave", 403, PERMIT_MISMATCH,
                        () -> send(w, toDave, toDave.envelope()))
                .add("forged: an id bob never issued", 403, PERMIT_MISMATCH, () -> send(w, unknown,
                        unknown.envelope()))
                .add("outbox: revoked by bob", 403, PERMIT_REVOKED, () -> w.outbox(alice, revoked.envelope(),
                        revoked.summary(), revoked.body()))
                .add("blocked sender with a good stamp", 403, BLOCKED, () -> send(w, blocked, blocked.envelope()))
                .add("creating a permit with an id in use", 409, CONFLICT, () -> w.json("POST", "/api/v1/permits",
                        bob, BadInputCases.permitJson(w.bobsPermitForAlice.text(), w.carol.address.hash().hex(),
                                "contact")))
                .add("revoking another account's permit", 404, UNKNOWN_RECIPIENT, () -> w.raw.send("DELETE",
                        "/api/v1/permits/" + w.bobsPermitForAlice.text(), null, null, "Authorization",
                        w.token(alice)))
                .add("revoking a revoked permit", 404, UNKNOWN_RECIPIENT, () -> w.raw.send("DELETE",
                        "/api/v1/permits/" + w.bobsRevokedPermitForAlice.text(), null, null, "Authorization",
                        w.token(bob)))
                .list();
    }

    static List<BadInputIT.Case> uploads(BadInputWorld w) throws IOException {
        TestAccount alice = w.alice;
        TestAccount.Sealed s = alice.seal(w.bob, "uploads", "t");
        TestAccount.Sealed other = alice.seal(w.bob, "other", "other content, other size");
        TestAccount.Sealed sent = alice.seal(alice, "sent copy", "t");
        TestAccount.Sealed bobs = w.bob.seal(alice, "bob's", "t");
        UnsignedEnvelope u = s.envelope().unsigned();
        UUID id = u.messageId();
        Sha256 nobody = Sha256.hash("nobody!");
        Envelope bodyLies = BadInputWorld.stamped(alice, Forgeries.lying(u, id, u.toHash(), u.summarySize(),
                u.summarySha256(), u.bodySize(), Sha256.hash("not the body")));
        Envelope summaryLies = BadInputWorld.stamped(alice, Forgeries.lying(u, id, u.toHash(), u.summarySize(),
                Sha256.hash("not the summary"), u.bodySize(), u.bodySha256()));
        Envelope longer = BadInputWorld.stamped(alice, Forgeries.lying(u, id, u.toHash(), u.summarySize(),
                u.summarySha256(), u.bodySize() + 1, u.bodySha256()));
        Envelope huge = BadInputWorld.stamped(alice, Forgeries.lying(u, id, u.toHash(), u.summarySize(),
                u.summarySha256(), 200_000_000L, u.bodySha256()));
        UnsignedEnvelope o = other.envelope().unsigned();
        Envelope conflict = BadInputWorld.stamped(alice, Forgeries.lying(o, UUID.fromString(w.kept.messageId()),
                o.toHash(), o.summarySize(), o.summarySha256(), o.bodySize(), o.bodySha256()));
        Envelope toNobody = resign(alice, Forgeries.lying(u, id, nobody, u.summarySize(), u.summarySha256(),
                u.bodySize(), u.bodySha256()), null);
        UnsignedEnvelope su = sent.envelope().unsigned();
        Envelope sentLies = resign(alice, Forgeries.lying(su, su.messageId(), su.toHash(), su.summarySize(),
                su.summarySha256(), su.bodySize(), Sha256.hash("not the body")), null);
        String header = Base64Url.encode(s.envelope().toJson());
        byte[] content = content(s);
        return new BadInputIT.Cases()
                .add("body hash lies", 422, TAMPERED, () -> w.incoming(bodyLies, s.summary(), s.body()))
                .add("summary hash lies", 422, TAMPERED, () -> w.incoming(summaryLies, s.summary(), s.body()))
                .add("Content-Length one more than the envelope", 422, TAMPERED, () -> w.sealed(INCOMING, null,
                        header, Arrays.copyOf(content, content.length + 1), false))
                .add("body size lies (a byte more than sent)", 422, TAMPERED, () -> w.sealed(INCOMING, null,
                        Base64Url.encode(longer.toJson()), content, false))
                .add("truncated: chunked, the body ends a byte early", 422, TAMPERED, () -> w.sealed(INCOMING, null,
                        Base64Url.encode(longer.toJson()), content, true))
                .add("chunked, a byte past the body", 422, TAMPERED, () -> w.sealed(INCOMING, null, header,
                        Arrays.copyOf(content, content.length + 1), true))
                .add("truncated: the connection drops half-way", 400, MALFORMED, () -> w.raw.raw(
                        "POST " + INCOMING + " HTTP/1.1\r\nContent-Type: " + SealedTransfer.MEDIA_TYPE
                                + "\r\n" + SealedTransfer.ENVELOPE_HEADER + ": " + header + "\r\nContent-Length: "
                                + content.length, Arrays.copyOf(content, content.length / 2), true))
                .add("the id of a stored message with other content", 409, CONFLICT,
                        () -> w.incoming(conflict, other.summary(), other.body()))
                .add("declares 200 MB, over the server's limit (chunked)", 413, TOO_LARGE, () -> w.sealed(INCOMING,
                        null, Base64Url.encode(huge.toJson()), content, true))
                .add("summary size over 64 KiB", 413, TOO_LARGE, () -> w.sealed(INCOMING, null, Base64Url.encode(
                        Forgeries.edited(s.envelope().toJson(), t -> t.put("summarySize", 65_537))), content, false))
                .add("envelope version 2", 400, UNSUPPORTED_VERSION, () -> w.sealed(INCOMING, null, Base64Url.encode(
                        Forgeries.edited(s.envelope().toJson(), t -> t.put("version", 2))), content, false))
                .add("envelope with an unknown field", 400, MALFORMED, () -> w.sealed(INCOMING, null,
                        Base64Url.encode(Forgeries.edited(s.envelope().toJson(), t -> t.put("priority", "high"))),
                        content, false))
                .add("no envelope header", 400, MALFORMED, () -> w.raw.send("POST", INCOMING,
                        SealedTransfer.MEDIA_TYPE, content))
                .add("envelope header not base64url", 400, MALFORMED, () -> w.sealed(INCOMING, null, "%%%", content,
                        false))
                .add("envelope header with standard-base64 characters (+ /)", 400, MALFORMED, () -> w.sealed(
                        INCOMING, null, "+/+/" + header.substring(4), content, false))
                .add("envelope header is the JSON null", 400, MALFORMED, () -> w.sealed(INCOMING, null,
                        Base64Url.encode("null".getBytes(java.nio.charset.StandardCharsets.UTF_8)), content, false))
                .add("envelope header over 8 KiB", 413, TOO_LARGE, () -> w.sealed(INCOMING, null, "A".repeat(9000),
                        content, false))
                .add("wrong content type", 400, MALFORMED, () -> w.raw.send("POST", INCOMING, "application/json",
                        content, SealedTransfer.ENVELOPE_HEADER, header))
                .add("for an address nobody has", 404, UNKNOWN_RECIPIENT, () -> w.incoming(toNobody, s.summary(),
                        s.body()))
                .add("outbox: bob's envelope with alice's token", 403, FORBIDDEN, () -> w.outbox(alice,
                        bobs.envelope(), bobs.summary(), bobs.body()))
                .add("outbox: to an address without a record", 404, UNKNOWN_RECIPIENT, () -> w.outbox(alice,
                        toNobody, s.summary(), s.body()))
                .add("outbox: body hash lies", 422, TAMPERED, () -> w.outbox(alice, bodyLies, s.summary(), s.body()))
                .add("outbox: own sent copy whose body hash lies", 422, TAMPERED, () -> w.outbox(alice, sentLies,
                        sent.summary(), sent.body()))
                .list();
    }

    private static Envelope resign(TestAccount from, UnsignedEnvelope u, org.mailv2.protocol.pow.Stamp stamp) {
        return BadInputWorld.resigned(from, u, stamp, null);
    }

    private static RawClient.Answer send(BadInputWorld w, TestAccount.Sealed s, Envelope envelope)
            throws IOException {
        return w.incoming(envelope, s.summary(), s.body());
    }

    private static byte[] content(TestAccount.Sealed s) {
        return BadInputWorld.concat(s.summary(), s.body());
    }
}
