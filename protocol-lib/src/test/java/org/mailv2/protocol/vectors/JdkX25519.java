package org.mailv2.protocol.vectors;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import javax.crypto.KeyAgreement;

/**
 * X25519 exactly as jagged 0.3.2 computes it for age stanzas (StandardRecipientKeyFactory and
 * X25519SharedSecretKeyProducer): raw 32-byte keys are prefixed with the DER headers of a JDK-generated key pair, read
 * by the JDK's "X25519" KeyFactory, and combined with KeyAgreement "X25519". The JDK throws on an all-zero secret.
 */
final class JdkX25519 {
    private static final int COORDINATE_LENGTH = 32;
    private static final KeyFactory KEY_FACTORY;
    private static final byte[] PUBLIC_HEADER;
    private static final byte[] PRIVATE_HEADER;

    static {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("X25519");
            KEY_FACTORY = KeyFactory.getInstance("X25519", generator.getProvider());
            KeyPair pair = generator.generateKeyPair();
            byte[] publicEncoded = pair.getPublic().getEncoded();
            PUBLIC_HEADER = Arrays.copyOf(publicEncoded, publicEncoded.length - COORDINATE_LENGTH);
            PRIVATE_HEADER = Arrays.copyOf(pair.getPrivate().getEncoded(), 16);
        } catch (GeneralSecurityException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private JdkX25519() {
    }

    /** @throws GeneralSecurityException as the JDK does, notably for an all-zero shared secret */
    static byte[] agree(byte[] privateKey, byte[] publicKey) throws GeneralSecurityException {
        KeyAgreement agreement = KeyAgreement.getInstance("X25519");
        agreement.init(privateKey(privateKey));
        agreement.doPhase(publicKey(publicKey), true);
        return agreement.generateSecret();
    }

    private static PublicKey publicKey(byte[] raw) throws GeneralSecurityException {
        return KEY_FACTORY.generatePublic(new X509EncodedKeySpec(withHeader(PUBLIC_HEADER, raw)));
    }

    private static PrivateKey privateKey(byte[] raw) throws GeneralSecurityException {
        return KEY_FACTORY.generatePrivate(new PKCS8EncodedKeySpec(withHeader(PRIVATE_HEADER, raw)));
    }

    private static byte[] withHeader(byte[] header, byte[] raw) {
        if (raw.length != COORDINATE_LENGTH) {
            throw new IllegalArgumentException("X25519 keys have 32 bytes");
        }
        byte[] out = Arrays.copyOf(header, header.length + raw.length);
        System.arraycopy(raw, 0, out, header.length, raw.length);
        return out;
    }
}
