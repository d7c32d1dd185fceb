package org.mailv2.protocol.keys;

/** Signs messages; built from a private key that it never exposes. */
@FunctionalInterface
public interface Signer {
    Signature sign(byte[] message);
}
