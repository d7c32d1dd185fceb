package org.mailv2.protocol.seal.internal;

import org.apache.james.mime4j.dom.address.Mailbox;
import org.mailv2.protocol.address.Address;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.error.ProtocolException;

/**
 * Maps mailv2 addresses to RFC 5322 addr-specs and back: {@code bob@acme!} is already an addr-spec ('!' is atext);
 * {@code alice!} becomes {@code alice@!}. The mapping is reversible, so exported mail keeps real addresses.
 */
public final class MimeAddresses {
    private MimeAddresses() {
    }

    public static Mailbox toMailbox(Address address, String displayName) {
        String domain = address.organisation().map(o -> o.display() + "!").orElse("!");
        return new Mailbox(displayName, address.local(), domain);
    }

    /** @throws ProtocolException {@code malformed} when the mailbox is not a mailv2 address */
    public static Address fromMailbox(Mailbox mailbox) {
        String domain = mailbox.getDomain();
        if (domain == null || !domain.endsWith("!")) {
            throw new ProtocolException(ErrorCode.MALFORMED, "not a mailv2 mailbox in the message headers");
        }
        String organisation = domain.substring(0, domain.length() - 1);
        return Address.parse(mailbox.getLocalPart() + (organisation.isEmpty() ? "" : "@" + organisation) + "!");
    }
}
