package org.mailv2.protocol.keys;

import java.nio.charset.StandardCharsets;

/**
 * Domain separation for every signature mailv2 makes: the signed bytes are {@code context || 0x00 || canonical JSON},
 * so a signature over one kind of object can never be replayed as another.
 */
public enum SigningDomain {
    ENVELOPE("mailv2/envelope/v1"),
    KEY_BINDING("mailv2/key-binding/v1"),
    ADDRESS_RECORD("mailv2/address-record/v1"),
    ADDRESS_RECORD_ROTATION("mailv2/address-record-rotation/v1"),
    ROUTING_RECORD("mailv2/routing-record/v1"),
    ORGANISATION_RECORD("mailv2/organisation-record/v1"),
    AUTH_TOKEN("mailv2/auth-token/v1"),
    INVITATION("mailv2/invitation/v1"),
    LIST_DESCRIPTOR("mailv2/list-descriptor/v1"),
    LIST_INVITATION("mailv2/list-invitation/v1"),
    ORGANISATION_MEMBER("mailv2/organisation-member/v1"),
    RECOVERY_TOKEN("mailv2/recovery-token/v1");

    private final String context;

    SigningDomain(String context) {
        this.context = context;
    }

    public String context() {
        return context;
    }

    /** The exact bytes a signature in this domain covers. */
    public byte[] message(byte[] canonicalJson) {
        byte[] prefix = context.getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[prefix.length + 1 + canonicalJson.length];
        System.arraycopy(prefix, 0, out, 0, prefix.length);
        System.arraycopy(canonicalJson, 0, out, prefix.length + 1, canonicalJson.length);
        return out;
    }
}
