package org.mailv2.client.core.keyring;

import java.io.IOException;
import org.mailv2.protocol.address.Address;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.error.ProtocolException;
import org.mailv2.protocol.resolver.AddressRecord;
import org.mailv2.protocol.resolver.OrganisationRecord;
import org.mailv2.protocol.resolver.Resolver;

/**
 * Checks that {@code x@org!} really belongs to {@code org}: its record must carry the organisation key's signature.
 * Servers see only hashes and cannot tell; every client checks.
 */
public final class Memberships {
    private Memberships() {
    }

    /** @throws ProtocolException {@code forbidden} when the address claims an organisation it is not a member of */
    public static void require(Resolver resolver, Address address, AddressRecord record) throws IOException {
        if (address.organisation().isEmpty()) {
            return;
        }
        OrganisationRecord organisation = resolver.organisation(address.organisation().get().hash()).orElseThrow(() ->
                new ProtocolException(ErrorCode.FORBIDDEN, "the organisation " + address.organisation().get()
                        + " does not exist"));
        organisation.verifySelf();
        try {
            record.requireMemberOf(organisation);
        } catch (ProtocolException e) {
            throw new ProtocolException(ErrorCode.FORBIDDEN, address.display() + " is not a member of "
                    + address.organisation().get().display());
        }
    }
}
