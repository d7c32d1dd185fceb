package org.mailv2.protocol.api;

import java.security.KeyManagementException;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.X509TrustManager;
import org.mailv2.protocol.digest.Sha256;

/**
 * Trusts exactly one server certificate: the one whose DER encoding hashes to the pin published in the server's
 * signed routing record. This is how self-signed servers are verified; it never trusts anything else.
 */
public final class CertificatePin implements X509TrustManager {
    private final Sha256 pin;

    public CertificatePin(Sha256 pin) {
        this.pin = pin;
    }

    public static Sha256 of(X509Certificate certificate) {
        try {
            return Sha256.hash(certificate.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("certificate cannot be encoded", e);
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("no server certificate");
        }
        if (!of(chain[0]).matches(pin)) {
            throw new CertificateException("server certificate does not match the pinned SHA-256");
        }
        chain[0].checkValidity();
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("client certificates are not used");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }

    public SSLSocketFactory socketFactory() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new X509TrustManager[] {this}, null);
            return context.getSocketFactory();
        } catch (NoSuchAlgorithmException | KeyManagementException e) {
            throw new IllegalStateException("TLS is unavailable", e);
        }
    }
}
