package org.mailv2.protocol.passphrase;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.error.ProtocolException;

/**
 * AES-256-GCM through the JDK, for what the vault keeps under a passphrase-derived key. The only accepted shape is a
 * 32-byte key, a 12-byte nonce and a 16-byte tag; anything else is refused before any decryption is tried. A sealed
 * box is {@code nonce || ciphertext || tag}. Associated data may be {@code null}, which means empty.
 */
public final class SecretBox {
    public static final int KEY_LENGTH = 32;
    public static final int NONCE_LENGTH = 12;
    public static final int TAG_LENGTH = 16;
    private static final String TRANSFORMATION = "AES/GCM/NoPadding";

    private final SecureRandom random;

    /** @param random source of the 12-byte nonces; every {@link #seal} draws a fresh one */
    public SecretBox(SecureRandom random) {
        this.random = Objects.requireNonNull(random, "random");
    }

    /**
     * Encrypts under a fresh random nonce.
     *
     * @return {@code nonce || ciphertext || tag}
     * @throws ProtocolException {@code bad_key} unless the key has 32 bytes
     */
    public byte[] seal(byte[] key, byte[] plaintext, byte[] associatedData) {
        requireKey(key);
        byte[] nonce = new byte[NONCE_LENGTH];
        random.nextBytes(nonce);
        byte[] sealed = sealWithNonce(key, nonce, plaintext, associatedData);
        byte[] box = new byte[NONCE_LENGTH + sealed.length];
        System.arraycopy(nonce, 0, box, 0, NONCE_LENGTH);
        System.arraycopy(sealed, 0, box, NONCE_LENGTH, sealed.length);
        return box;
    }

    /**
     * Opens a box made by {@link #seal}.
     *
     * @throws ProtocolException {@code bad_key} unless the key has 32 bytes; {@code decryption_failed} when the box is
     *                           shorter than a nonce and a tag or does not authenticate under this key and data
     */
    public byte[] open(byte[] key, byte[] box, byte[] associatedData) {
        requireKey(key);
        Objects.requireNonNull(box, "box");
        if (box.length < NONCE_LENGTH + TAG_LENGTH) {
            throw new ProtocolException(ErrorCode.DECRYPTION_FAILED, "sealed box too short");
        }
        byte[] nonce = Arrays.copyOfRange(box, 0, NONCE_LENGTH);
        byte[] sealed = Arrays.copyOfRange(box, NONCE_LENGTH, box.length);
        return openWithNonce(key, nonce, sealed, associatedData);
    }

    /**
     * Encrypts under a nonce the caller chose; the caller must never use a nonce twice with one key. For test vectors
     * and formats that carry the nonce elsewhere.
     *
     * @return {@code ciphertext || tag}
     * @throws ProtocolException {@code bad_key} unless the key has 32 bytes, {@code malformed} unless the nonce has 12
     */
    public static byte[] sealWithNonce(byte[] key, byte[] nonce, byte[] plaintext, byte[] associatedData) {
        Objects.requireNonNull(plaintext, "plaintext");
        Cipher cipher = cipher(Cipher.ENCRYPT_MODE, key, nonce, associatedData);
        try {
            return cipher.doFinal(plaintext);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    /**
     * Decrypts {@code ciphertext || tag} under an explicit nonce.
     *
     * @throws ProtocolException {@code bad_key} unless the key has 32 bytes, {@code malformed} unless the nonce has 12,
     *                           {@code decryption_failed} when shorter than a tag or when it does not authenticate
     */
    public static byte[] openWithNonce(byte[] key, byte[] nonce, byte[] ciphertextAndTag, byte[] associatedData) {
        Objects.requireNonNull(ciphertextAndTag, "ciphertextAndTag");
        Cipher cipher = cipher(Cipher.DECRYPT_MODE, key, nonce, associatedData);
        if (ciphertextAndTag.length < TAG_LENGTH) {
            throw new ProtocolException(ErrorCode.DECRYPTION_FAILED, "ciphertext shorter than its tag");
        }
        try {
            return cipher.doFinal(ciphertextAndTag);
        } catch (AEADBadTagException e) {
            throw new ProtocolException(ErrorCode.DECRYPTION_FAILED, "ciphertext does not authenticate", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM decryption failed", e);
        }
    }

    private static Cipher cipher(int mode, byte[] key, byte[] nonce, byte[] associatedData) {
        requireKey(key);
        if (nonce == null || nonce.length != NONCE_LENGTH) {
            throw new ProtocolException(ErrorCode.MALFORMED, "an AES-GCM nonce has exactly " + NONCE_LENGTH + " bytes");
        }
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_LENGTH * 8, nonce));
            if (associatedData != null) {
                cipher.updateAAD(associatedData);
            }
            return cipher;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-GCM is unavailable", e);
        }
    }

    private static void requireKey(byte[] key) {
        if (key == null || key.length != KEY_LENGTH) {
            throw new ProtocolException(ErrorCode.BAD_KEY, "an AES-256-GCM key has exactly " + KEY_LENGTH + " bytes");
        }
    }
}
