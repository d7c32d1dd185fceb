package org.mailv2.server.e2e;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.mailv2.protocol.digest.Sha256;
import org.mailv2.protocol.json.Jcs;
import org.mailv2.protocol.json.Json;
import org.mailv2.protocol.keys.Base64Url;
import org.mailv2.protocol.keys.KeyBinding;
import org.mailv2.protocol.keys.Signature;
import org.mailv2.protocol.keys.SigningDomain;
import org.mailv2.protocol.keys.SigningPrivateKey;
import org.mailv2.protocol.pow.Stamp;
import org.mailv2.protocol.pow.StampHeader;
import org.mailv2.protocol.resolver.AddressRecord;
import org.mailv2.protocol.seal.Envelope;
import org.mailv2.protocol.seal.UnsignedEnvelope;

/**
 * Valid-but-wrong inputs made with the real crypto of protocol-lib: signatures by the right key under the wrong
 * domain, stamps solved for something else or not solved at all, tokens with hand-written claims, and documents
 * edited after signing. Each is wrong in exactly one way.
 */
final class Forgeries {
    private Forgeries() {
    }

    /** A stamp with real work over the given binding (few bits: tests solve them in a blink). */
    static Stamp stamp(int bits, LocalDate day, Sha256 from, Sha256 to, Sha256 digest) {
        return TestAccount.solve(new StampHeader(bits, day, from, to, digest));
    }

    /** A stamp whose nonce does not do the work its header claims. */
    static Stamp unsolved(StampHeader header) {
        for (long nonce = 0; ; nonce++) {
            Stamp stamp = new Stamp(header, nonce);
            if (!stamp.hasEnoughWork()) {
                return stamp;
            }
        }
    }

    /** The envelope signed by {@code signer} over the right bytes, under {@code domain} instead of the envelope's. */
    static Envelope envelopeSignedIn(SigningDomain domain, Envelope envelope, SigningPrivateKey signer) {
        byte[] canonical = withoutDomain(SigningDomain.ENVELOPE, envelope.signedBytes());
        return withSignature(envelope, signer.sign(domain.message(canonical)));
    }

    static Envelope withSignature(Envelope e, Signature signature) {
        return new Envelope(e.version(), e.messageId(), e.fromHash(), e.toHash(), e.senderKeyId(), e.summarySize(),
                e.summarySha256(), e.bodySize(), e.bodySha256(), e.stamp(), e.permitId(), signature);
    }

    /** The signature with one bit flipped. */
    static Signature flipped(Signature signature) {
        byte[] bytes = signature.bytes();
        bytes[10] ^= 0x01;
        return Signature.ofBytes(bytes);
    }

    /** An unsigned envelope like {@code u} with other ciphertext hashes, sizes, id or recipient. */
    static UnsignedEnvelope lying(UnsignedEnvelope u, java.util.UUID messageId, Sha256 toHash, long summarySize,
                                  Sha256 summarySha256, long bodySize, Sha256 bodySha256) {
        return new UnsignedEnvelope(u.version(), messageId, u.fromHash(), toHash, u.senderKeyId(), summarySize,
                summarySha256, bodySize, bodySha256);
    }

    /** The canonical JSON of {@code value} changed by {@code edit} after it was signed. */
    static byte[] edited(byte[] json, Consumer<ObjectNode> edit) {
        ObjectNode tree = (ObjectNode) Json.readTree(json).deepCopy();
        edit.accept(tree);
        return Jcs.canonicalize((JsonNode) tree);
    }

    /** An auth token with exactly these claims, signed by {@code key} in {@code domain}. */
    static String token(SigningPrivateKey key, SigningDomain domain, Sha256 sub, Sha256 aud, Instant iat, Instant exp) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("aud", aud.hex());
        claims.put("exp", exp.getEpochSecond());
        claims.put("iat", iat.getEpochSecond());
        claims.put("sub", sub.hex());
        byte[] payload = Jcs.canonicalize(claims);
        return Base64Url.encode(payload) + "." + key.sign(domain.message(payload)).text();
    }

    /** A first address record signed as it should be, except for the record signature's domain. */
    static AddressRecord recordSignedIn(SigningDomain domain, AddressRecord r, SigningPrivateKey key) {
        return withRecordSignature(r, key.sign(domain.message(r.signedBytes())));
    }

    /** A first address record whose key binding is signed in the wrong domain (and the record over it, correctly). */
    static AddressRecord recordWithBindingIn(SigningDomain domain, AddressRecord r, SigningPrivateKey key) {
        Signature good = KeyBinding.sign(key, r.encryptionKey());
        byte[] bindingBody = withoutDomain(SigningDomain.KEY_BINDING, bindingMessage(key, r));
        Signature wrong = key.sign(domain.message(bindingBody));
        if (wrong.equals(good)) {
            throw new IllegalStateException("the domains are the same");
        }
        AddressRecord draft = new AddressRecord(r.version(), r.addressHash(), r.signingKey(), r.encryptionKey(), wrong,
                r.routingId(), r.serial(), r.organisationHash(), r.membership(), r.previousSigningKey(),
                r.previousKeySignature(), r.firstContactBits(), r.signature());
        return recordSignedIn(SigningDomain.ADDRESS_RECORD, draft, key);
    }

    private static byte[] bindingMessage(SigningPrivateKey key, AddressRecord r) {
        Map<String, Object> binding = new LinkedHashMap<>();
        binding.put("encryptionKey", r.encryptionKey().text());
        binding.put("signingKey", key.publicKey().text());
        return SigningDomain.KEY_BINDING.message(Jcs.canonicalize(binding));
    }

    static AddressRecord withRecordSignature(AddressRecord r, Signature signature) {
        return new AddressRecord(r.version(), r.addressHash(), r.signingKey(), r.encryptionKey(), r.keyBinding(),
                r.routingId(), r.serial(), r.organisationHash(), r.membership(), r.previousSigningKey(),
                r.previousKeySignature(), r.firstContactBits(), signature);
    }

    private static byte[] withoutDomain(SigningDomain domain, byte[] message) {
        int prefix = domain.context().getBytes(UTF_8).length + 1;
        return Arrays.copyOfRange(message, prefix, message.length);
    }
}
