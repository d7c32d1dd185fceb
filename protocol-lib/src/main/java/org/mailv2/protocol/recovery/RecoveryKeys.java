package org.mailv2.protocol.recovery;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.mailv2.protocol.auth.AuthToken;
import org.mailv2.protocol.digest.Sha256;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.error.ProtocolException;
import org.mailv2.protocol.keys.SigningDomain;
import org.mailv2.protocol.keys.SigningPrivateKey;
import org.mailv2.protocol.passphrase.SecretBox;

/**
 * What a recovery phrase opens: an Ed25519 <em>recovery key</em> that proves to the own server that the caller holds
 * the phrase (the server keeps only its public half), and a 256-bit key that seals the account's recovery copy, which
 * the server stores and cannot read. Both come from the phrase's BIP-39 seed through HKDF-SHA256, each under its own
 * label, so neither reveals the other.
 */
public final class RecoveryKeys {
    private static final String AUTH_LABEL = "mailv2/recovery-auth/v1";
    private static final String COPY_LABEL = "mailv2/recovery-copy/v1";
    /** A recovery token is used once, at once: five minutes is plenty. */
    private static final Duration TOKEN_LIFETIME = Duration.ofMinutes(5);

    private final SigningPrivateKey authKey;
    private final byte[] copyKey;

    private RecoveryKeys(SigningPrivateKey authKey, byte[] copyKey) {
        this.authKey = authKey;
        this.copyKey = copyKey;
    }

    public static RecoveryKeys of(RecoveryPhrase phrase) {
        byte[] seed = phrase.seed("");
        return new RecoveryKeys(SigningPrivateKey.ofSeed(derive(seed, AUTH_LABEL)), derive(seed, COPY_LABEL));
    }

    public SigningPrivateKey authKey() {
        return authKey;
    }

    /** A token for fetching {@code account}'s recovery copy from the server {@code routingId}. */
    public String token(Sha256 account, Sha256 routingId, Clock clock) {
        return AuthToken.issue(authKey, account, routingId, clock, TOKEN_LIFETIME, SigningDomain.RECOVERY_TOKEN);
    }

    /** The copy as the server stores it; bound to the account, so one account's copy cannot pass for another's. */
    public byte[] seal(Sha256 account, byte[] plaintext, SecureRandom random) {
        return new SecretBox(random).seal(copyKey, plaintext, associatedData(account));
    }

    /** @throws ProtocolException {@code decryption_failed} for a copy sealed under another phrase, or tampered with */
    public byte[] open(Sha256 account, byte[] copy) {
        try {
            return new SecretBox(new SecureRandom()).open(copyKey, copy, associatedData(account));
        } catch (ProtocolException e) {
            throw new ProtocolException(ErrorCode.DECRYPTION_FAILED, "the recovery copy does not open with this"
                    + " phrase", e);
        }
    }

    private static byte[] associatedData(Sha256 account) {
        return (COPY_LABEL + "\0" + account.hex()).getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] derive(byte[] seed, String label) {
        HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
        hkdf.init(new HKDFParameters(seed, null, label.getBytes(StandardCharsets.US_ASCII)));
        byte[] out = new byte[32];
        hkdf.generateBytes(out, 0, out.length);
        return out;
    }
}
