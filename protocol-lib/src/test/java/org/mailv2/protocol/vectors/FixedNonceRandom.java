package org.mailv2.protocol.vectors;

import java.security.SecureRandom;

/** A SecureRandom that hands out one given byte string, so a random-nonce API can be checked against vectors. */
final class FixedNonceRandom extends SecureRandom {
    private static final long serialVersionUID = 1L;
    private final byte[] nonce;
    private boolean used;

    FixedNonceRandom(byte[] nonce) {
        this.nonce = nonce.clone();
    }

    @Override
    public synchronized void nextBytes(byte[] bytes) {
        if (used || bytes.length != nonce.length) {
            throw new IllegalStateException("FixedNonceRandom serves one " + nonce.length + "-byte nonce");
        }
        used = true;
        System.arraycopy(nonce, 0, bytes, 0, bytes.length);
    }
}
