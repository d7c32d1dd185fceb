package org.mailv2.server.store;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Set;
import java.util.UUID;
import org.mailv2.protocol.digest.Sha256;
import org.mailv2.protocol.keys.Base64Url;
import org.mailv2.protocol.keys.EncryptionIdentity;
import org.mailv2.protocol.keys.EncryptionRecipient;
import org.mailv2.protocol.keys.SigningPrivateKey;
import org.mailv2.protocol.permit.Permit;
import org.mailv2.protocol.permit.PermitId;

/** Test values for the store contract: fixed instants, fixed keys, small fake ciphertexts. */
public final class StoreFixtures {
    /** "Now" in every test; microsecond precision, as the stores keep it. */
    public static final Instant T0 = Instant.parse("2026-03-01T10:00:00.123456Z");

    private StoreFixtures() {
    }

    public static Sha256 hash(String text) {
        return Sha256.hash(text);
    }

    public static Account account(String local) {
        return new Account(Sha256.hash(local + "!"), T0, 10_000_000);
    }

    public static UUID uuid(int n) {
        return new UUID(0x6d61696c76320000L, n);
    }

    public static StoredMessage message(Sha256 account, UUID id, String box) {
        return message(account, id, box, "summary of " + id, "body of " + id);
    }

    /** A copy whose summary and body "ciphertexts" are the given texts; their hashes follow them. */
    public static StoredMessage message(Sha256 account, UUID id, String box, String summary, String body) {
        byte[] summaryBytes = summary.getBytes(StandardCharsets.UTF_8);
        return new StoredMessage(account, id, 0, box, Set.of(), ("{\"messageId\":\"" + id + "\"}").getBytes(
                StandardCharsets.UTF_8), summaryBytes, blobName(id), body.length(), Sha256.hash(body),
                Sha256.hash(summaryBytes), T0);
    }

    public static String blobName(UUID id) {
        return Sha256.hash(id.toString()).hex().substring(0, 32);
    }

    public static Permit permit(int n, Sha256 recipient, Sha256 sender, Instant createdAt) {
        byte[] id = new byte[PermitId.LENGTH];
        Arrays.fill(id, (byte) n);
        return new Permit(new PermitId(Base64Url.encode(id)), recipient, sender, Permit.Purpose.CONTACT, createdAt);
    }

    public static QueuedDelivery delivery(Sha256 sender, UUID id, Sha256 recipient, Instant notBefore) {
        return new QueuedDelivery(0, sender, id, recipient, ("{\"to\":\"" + recipient + "\"}").getBytes(
                StandardCharsets.UTF_8), new byte[] {1, 2, 3}, blobName(id), 3 + id.toString().length(), 0, notBefore, T0, null, null);
    }

    public static SigningPrivateKey signingKey(int n) {
        return SigningPrivateKey.ofSeed(filled(n));
    }

    public static EncryptionRecipient encryptionKey(int n) {
        return EncryptionIdentity.ofBytes(filled(n + 100)).recipient();
    }

    private static byte[] filled(int n) {
        byte[] b = new byte[32];
        Arrays.fill(b, (byte) n);
        return b;
    }
}
