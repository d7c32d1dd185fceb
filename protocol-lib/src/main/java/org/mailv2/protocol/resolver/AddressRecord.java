package org.mailv2.protocol.resolver;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.LocalDate;
import org.mailv2.protocol.digest.Sha256;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.error.ProtocolException;
import org.mailv2.protocol.json.Json;
import org.mailv2.protocol.keys.EncryptionRecipient;
import org.mailv2.protocol.keys.KeyBinding;
import org.mailv2.protocol.keys.Signature;
import org.mailv2.protocol.keys.SigningDomain;
import org.mailv2.protocol.keys.SigningPrivateKey;
import org.mailv2.protocol.keys.SigningPublicKey;
import org.mailv2.protocol.pow.StampHeader;

/**
 * Where an address lives and which keys it holds. Signed by its signing key; a rotation (new signing key) also
 * carries the previous key and that key's signature over the same bytes, so a resolver cannot substitute keys.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"version", "addressHash", "signingKey", "encryptionKey", "keyBinding", "routingId", "serial",
        "organisationHash", "membership", "previousSigningKey", "previousKeySignature", "firstContactBits",
        "signature"})
public record AddressRecord(int version, Sha256 addressHash, SigningPublicKey signingKey,
                            EncryptionRecipient encryptionKey, Signature keyBinding, Sha256 routingId, long serial,
                            Sha256 organisationHash, Signature membership,
                            SigningPublicKey previousSigningKey, Signature previousKeySignature,
                            Integer firstContactBits, Signature signature) {
    /** Records without a price of their own. */
    public static final int VERSION = 1;
    /** Records that carry {@code firstContactBits}, the stamp bits their owner asks of strangers. */
    public static final int VERSION_PRICED = 2;
    /** The most bits an owner may ask (2^40 hashes: days of a machine's work). */
    public static final int MAX_FIRST_CONTACT_BITS = 40;

    public AddressRecord {
        if (version != VERSION && version != VERSION_PRICED) {
            throw new ProtocolException(ErrorCode.UNSUPPORTED_VERSION, "address record version " + version);
        }
        if ((version == VERSION_PRICED) != (firstContactBits != null)) {
            throw new ProtocolException(ErrorCode.MALFORMED, "firstContactBits is in version 2 records, and only there");
        }
        if (firstContactBits != null && (firstContactBits < 1 || firstContactBits > MAX_FIRST_CONTACT_BITS)) {
            throw new ProtocolException(ErrorCode.MALFORMED, "firstContactBits is 1.." + MAX_FIRST_CONTACT_BITS);
        }
        if (addressHash == null || signingKey == null || encryptionKey == null || keyBinding == null
                || routingId == null || signature == null) {
            throw new ProtocolException(ErrorCode.MALFORMED, "address record field missing");
        }
        if (serial < 1) {
            throw new ProtocolException(ErrorCode.MALFORMED, "serial starts at 1");
        }
        if ((organisationHash == null) != (membership == null)) {
            throw new ProtocolException(ErrorCode.MALFORMED, "a member record names its organisation and membership");
        }
        if ((previousSigningKey == null) != (previousKeySignature == null)) {
            throw new ProtocolException(ErrorCode.MALFORMED, "a rotation names the previous key and its signature");
        }
    }

    /** A first record for an address: serial 1, signed by its own key. */
    public static AddressRecord create(Sha256 addressHash, SigningPrivateKey identity, EncryptionRecipient encryptionKey,
                                       Sha256 routingId) {
        return signed(addressHash, identity, encryptionKey, routingId, 1, null, null, null, null);
    }

    /** A first record for {@code x@org!}, carrying the organisation's signature that it is a member. */
    public static AddressRecord createMember(Sha256 addressHash, SigningPrivateKey identity,
                                             EncryptionRecipient encryptionKey, Sha256 routingId,
                                             Sha256 organisationHash, Signature membership) {
        return signed(addressHash, identity, encryptionKey, routingId, 1, null, organisationHash, membership, null);
    }

    /**
     * Checks that this record belongs to a member of {@code organisation}: it names the organisation and carries its
     * key's signature over (address hash, organisation hash).
     *
     * @throws ProtocolException {@code forbidden} when it does not
     */
    public void requireMemberOf(OrganisationRecord organisation) {
        if (organisationHash == null || !organisationHash.matches(organisation.organisationHash())
                || !organisation.organisationKey().isValidSignature(
                        Membership.message(addressHash, organisation.organisationHash()), membership)) {
            throw new ProtocolException(ErrorCode.FORBIDDEN, "not a member of this organisation");
        }
    }

    /** The next record: same keys, new routing (the account moved servers); serial + 1. */
    public AddressRecord movedTo(Sha256 newRoutingId, SigningPrivateKey identity) {
        requireOwnKey(identity);
        return signed(addressHash, identity, encryptionKey, newRoutingId, serial + 1, null, organisationHash,
                membership, firstContactBits);
    }

    /**
     * The next record asking strangers for {@code bits} stamp bits (a version 2 record), or for none of its own when
     * null (back to version 1); same keys and routing, serial + 1.
     */
    public AddressRecord pricedAt(Integer bits, SigningPrivateKey identity) {
        requireOwnKey(identity);
        return signed(addressHash, identity, encryptionKey, routingId, serial + 1, null, organisationHash, membership,
                bits);
    }

    /** The bits a first-contact stamp to this address needs where {@code floor} is the server's (or default) bits. */
    public int requiredBits(int floor) {
        return firstContactBits == null ? floor : Math.max(floor, firstContactBits);
    }

    /** The next record with new keys, signed by the new and by the current signing key; serial + 1. */
    public AddressRecord rotatedTo(SigningPrivateKey current, SigningPrivateKey next, EncryptionRecipient nextEncryption) {
        requireOwnKey(current);
        return signed(addressHash, next, nextEncryption, routingId, serial + 1, current, organisationHash,
                membership, firstContactBits);
    }

    /** @throws ProtocolException {@code malformed} or a field's own code */
    public static AddressRecord parse(byte[] json) {
        return Json.read(json, AddressRecord.class);
    }

    public byte[] toJson() {
        return org.mailv2.protocol.json.Jcs.canonicalize(this);
    }

    /** The bytes both signatures cover. */
    @JsonIgnore
    public byte[] signedBytes() {
        return RecordBytes.withoutSignatures(this, "signature", "previousKeySignature");
    }

    /** SHA-256 of {@link #signedBytes()}: what a creation stamp binds to. */
    @JsonIgnore
    public Sha256 digest() {
        return Sha256.hash(signedBytes());
    }

    /** The stamp header a creator solves to publish this record (from and to are the address hash). */
    public StampHeader creationStampHeader(int bits, LocalDate today) {
        return new StampHeader(bits, today, addressHash, addressHash, digest());
    }

    /**
     * Checks the record on its own: signature by its signing key, the key binding, and for a rotation the previous
     * key's signature.
     *
     * @throws ProtocolException {@code bad_signature} when any of them fails
     */
    public void verifySelf() {
        signingKey.verify(SigningDomain.ADDRESS_RECORD.message(signedBytes()), signature);
        KeyBinding.verify(signingKey, encryptionKey, keyBinding);
        if (previousSigningKey != null) {
            previousSigningKey.verify(SigningDomain.ADDRESS_RECORD_ROTATION.message(signedBytes()),
                    previousKeySignature);
        }
    }

    private void requireOwnKey(SigningPrivateKey identity) {
        if (!identity.publicKey().equals(signingKey)) {
            throw new ProtocolException(ErrorCode.BAD_KEY, "this key does not own the record");
        }
    }

    private static AddressRecord signed(Sha256 addressHash, SigningPrivateKey identity, EncryptionRecipient encryption,
                                        Sha256 routingId, long serial, SigningPrivateKey previous,
                                        Sha256 organisationHash, Signature membership, Integer firstContactBits) {
        int version = firstContactBits == null ? VERSION : VERSION_PRICED;
        Signature binding = KeyBinding.sign(identity, encryption);
        Signature placeholder = Signature.ofBytes(new byte[Signature.LENGTH]);
        SigningPublicKey previousKey = previous == null ? null : previous.publicKey();
        AddressRecord draft = new AddressRecord(version, addressHash, identity.publicKey(), encryption, binding,
                routingId, serial, organisationHash, membership, previousKey, previous == null ? null : placeholder,
                firstContactBits, placeholder);
        byte[] bytes = draft.signedBytes();
        Signature previousSignature = previous == null ? null
                : previous.sign(SigningDomain.ADDRESS_RECORD_ROTATION.message(bytes));
        return new AddressRecord(version, addressHash, identity.publicKey(), encryption, binding, routingId, serial,
                organisationHash, membership, previousKey, previousSignature, firstContactBits,
                identity.sign(SigningDomain.ADDRESS_RECORD.message(bytes)));
    }
}
