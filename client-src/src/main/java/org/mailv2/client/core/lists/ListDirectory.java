package org.mailv2.client.core.lists;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.mailv2.client.core.keyring.Memberships;
import org.mailv2.protocol.address.Organisation;
import org.mailv2.protocol.api.ApiClient;
import org.mailv2.protocol.api.CertificateProbe;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.error.ProtocolException;
import org.mailv2.protocol.lists.ListDescriptor;
import org.mailv2.protocol.resolver.AddressRecord;

/**
 * Finds public lists: an organisation's (its signed record names its server, whose signed routing record says where
 * it is and which certificate it has) or a server's. Each entry is checked against its list's own keys, so a server
 * cannot pass off a list it made up.
 */
public final class ListDirectory {
    /** A published list and whether its descriptor checked out against the list's keys (and organisation). */
    public record Entry(ListDescriptor descriptor, boolean verified) {
    }

    /** What was browsed: the organisation's display name (null for a server) and its lists. */
    public record Listing(String organisation, List<Entry> lists) {
    }

    private final ApiClient resolver;

    public ListDirectory(ApiClient resolver) {
        this.resolver = resolver;
    }

    /**
     * @param where an organisation's name ({@code acme}) or a server's https URL
     * @throws ProtocolException {@code unknown_recipient} for an organisation without a record
     */
    public Listing browse(String where) throws IOException {
        ApiClient directory;
        String organisationName = null;
        String onlyOrganisation = null;
        if (where.startsWith("https://")) {
            directory = ApiClient.connect(where, CertificateProbe.pinOf(where));
        } else {
            Organisation name = Organisation.parse(where);
            var organisation = resolver.organisation(name.hash()).orElseThrow(() ->
                    new ProtocolException(ErrorCode.UNKNOWN_RECIPIENT, "no organisation " + where));
            organisation.verifySelf();
            var routing = resolver.routing(organisation.routingId()).orElseThrow(() ->
                    new ProtocolException(ErrorCode.UNKNOWN_RECIPIENT, "its server is unknown"));
            routing.verifySelf();
            directory = ApiClient.connect(routing.url(), routing.tlsCertSha256());
            organisationName = organisation.displayName();
            onlyOrganisation = name.canonical();
        }
        List<Entry> entries = new ArrayList<>();
        for (ListDescriptor d : directory.directory()) {
            String organisationOfList = d.parsedAddress().organisation().map(Organisation::canonical).orElse(null);
            if (onlyOrganisation != null && !onlyOrganisation.equals(organisationOfList)) {
                continue;
            }
            entries.add(new Entry(d, verified(d)));
        }
        return new Listing(organisationName, entries);
    }

    private boolean verified(ListDescriptor d) throws IOException {
        AddressRecord record = resolver.address(d.parsedAddress().hash()).orElse(null);
        if (record == null) {
            return false;
        }
        try {
            record.verifySelf();
            d.verify(record.signingKey());
            Memberships.require(resolver, d.parsedAddress(), record);
            return true;
        } catch (ProtocolException forged) {
            return false;
        }
    }
}
