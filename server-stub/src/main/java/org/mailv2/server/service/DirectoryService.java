package org.mailv2.server.service;

import java.time.Clock;
import java.util.List;
import org.mailv2.protocol.digest.Sha256;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.error.ProtocolException;
import org.mailv2.protocol.lists.ListDescriptor;
import org.mailv2.protocol.resolver.AddressRecord;
import org.mailv2.server.store.Database;

/**
 * The server's directory of public mailing lists. A list account publishes its own descriptor, signed by its key; the
 * server checks the signature and that the list is the caller, and shows it to anyone.
 */
public final class DirectoryService {
    private final Database db;
    private final Clock clock;

    public DirectoryService(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** @throws ProtocolException {@code forbidden} for another account's list, {@code bad_signature} if unsigned */
    public void publish(Sha256 account, ListDescriptor descriptor) {
        if (!descriptor.parsedAddress().hash().matches(account)) {
            throw new ProtocolException(ErrorCode.FORBIDDEN, "an account publishes only its own list");
        }
        AddressRecord record = db.records().address(account)
                .orElseThrow(() -> new ProtocolException(ErrorCode.UNAUTHORIZED, "the account has no record"));
        descriptor.verify(record.signingKey());
        db.directory().publish(account, descriptor.toJson(), clock.instant());
    }

    /** @throws ProtocolException {@code unknown_recipient} when the account published no list */
    public void withdraw(Sha256 account) {
        if (!db.directory().remove(account)) {
            throw new ProtocolException(ErrorCode.UNKNOWN_RECIPIENT, "this account publishes no list");
        }
    }

    public List<ListDescriptor> lists() {
        return db.directory().all().stream().map(ListDescriptor::parse).toList();
    }
}
