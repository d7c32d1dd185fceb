package org.mailv2.protocol.permit;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.security.SecureRandom;
import org.mailv2.protocol.keys.Base64Url;

/** A permit's id: 16 random bytes as 22 characters of base64url. */
public record PermitId(String text) {
    public static final int LENGTH = 16;

    /** @throws org.mailv2.protocol.error.ProtocolException {@code malformed} unless 16 bytes of base64url */
    @JsonCreator
    public PermitId {
        Base64Url.decode(text, LENGTH, "a permit id");
    }

    public static PermitId random(SecureRandom random) {
        byte[] b = new byte[LENGTH];
        random.nextBytes(b);
        return new PermitId(Base64Url.encode(b));
    }

    @JsonValue
    @Override
    public String text() {
        return text;
    }

    @Override
    public String toString() {
        return text;
    }
}
