package org.mailv2.protocol.api;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509TrustManager;
import org.mailv2.protocol.digest.Sha256;

/**
 * Learns a server's certificate pin on first contact, for the user to confirm (as SSH does with host keys). The
 * handshake is always aborted by our trust manager after it has seen the certificate: nothing is ever sent to a
 * server this probe looked at.
 */
public final class CertificateProbe {
    private static final int TIMEOUT_MILLIS = 10_000;

    private CertificateProbe() {
    }

    /** @throws IOException when the server cannot be reached or shows no certificate */
    public static Sha256 pinOf(String httpsUrl) throws IOException {
        URI uri = URI.create(httpsUrl);
        if (!"https".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IOException("a server URL is https://host[:port]");
        }
        int port = uri.getPort() < 0 ? 443 : uri.getPort();
        AtomicReference<X509Certificate> seen = new AtomicReference<>();
        X509TrustManager recordAndRefuse = new X509TrustManager() {
            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                if (chain != null && chain.length > 0) {
                    seen.set(chain[0]);
                }
                throw new CertificateException("probe only: the certificate is confirmed by the user first");
            }

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                throw new CertificateException("not a server");
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new X509TrustManager[] {recordAndRefuse}, null);
            try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket()) {
                socket.connect(new InetSocketAddress(uri.getHost(), port), TIMEOUT_MILLIS);
                socket.setSoTimeout(TIMEOUT_MILLIS);
                socket.startHandshake();
            }
        } catch (SSLException expected) {
            // Our trust manager refused, as it always does.
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException("TLS is unavailable", e);
        }
        if (seen.get() == null) {
            throw new IOException("the server at " + uri.getHost() + ":" + port + " showed no certificate");
        }
        return CertificatePin.of(seen.get());
    }
}
