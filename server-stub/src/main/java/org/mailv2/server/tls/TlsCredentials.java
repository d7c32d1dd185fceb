package org.mailv2.server.tls;

import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import org.mailv2.protocol.api.CertificatePin;
import org.mailv2.protocol.digest.Sha256;

/** A server's TLS private key and certificate chain (leaf first). {@link #toString()} shows only the pin. */
public record TlsCredentials(PrivateKey privateKey, List<X509Certificate> chain) {
    public TlsCredentials {
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("a certificate chain has at least the server's certificate");
        }
    }

    /** SHA-256 of the leaf certificate's DER: what the routing record publishes. */
    public Sha256 pin() {
        return CertificatePin.of(chain.get(0));
    }

    /** An in-memory key store for Jetty, protected by {@code password}. */
    public KeyStore keyStore(char[] password) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("server", privateKey, password, chain.toArray(X509Certificate[]::new));
            return store;
        } catch (Exception e) {
            throw new IllegalStateException("cannot build a key store", e);
        }
    }

    @Override
    public String toString() {
        return "TlsCredentials[" + pin() + "]";
    }
}
