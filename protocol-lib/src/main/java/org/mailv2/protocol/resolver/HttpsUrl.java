package org.mailv2.protocol.resolver;

import java.net.URI;
import java.net.URISyntaxException;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.error.ProtocolException;

/** A server base URL: https, a host, an optional port, no user info, query or fragment. */
final class HttpsUrl {
    private HttpsUrl() {
    }

    static String requireValid(String url) {
        if (url == null || url.length() > 2048) {
            throw new ProtocolException(ErrorCode.MALFORMED, "server URL missing or too long");
        }
        try {
            URI uri = new URI(url);
            boolean ok = "https".equals(uri.getScheme()) && uri.getHost() != null && uri.getRawUserInfo() == null
                    && uri.getRawQuery() == null && uri.getRawFragment() == null
                    && (uri.getRawPath() == null || uri.getRawPath().isEmpty() || !uri.getRawPath().contains(".."));
            if (!ok) {
                throw new ProtocolException(ErrorCode.MALFORMED, "server URL must be https://host[:port][/path]");
            }
            return url;
        } catch (URISyntaxException e) {
            throw new ProtocolException(ErrorCode.MALFORMED, "server URL does not parse", e);
        }
    }
}
