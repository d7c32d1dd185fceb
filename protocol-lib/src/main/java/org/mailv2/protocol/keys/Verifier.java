package org.mailv2.protocol.keys;

/** Verifies signatures under one public key. */
@FunctionalInterface
public interface Verifier {
    /** @throws org.mailv2.protocol.error.ProtocolException {@code bad_signature} when the signature does not verify */
    void verify(byte[] message, Signature signature);
}
