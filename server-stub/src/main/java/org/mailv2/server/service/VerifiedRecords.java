package org.mailv2.server.service;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.mailv2.protocol.resolver.AddressRecord;

/**
 * Address records that passed {@link AddressRecord#verifySelf()}, remembered by value. Every field is part of the
 * key, signatures and serial included, and the check is a function of the fields alone, so only a record equal to
 * one already verified skips the signature checks: a rotation, a move, a higher serial or a row changed in the
 * database is another value and is verified afresh (a bad one refused as before). What a value cache cannot change
 * either way: a self-consistent older record put back into the database verifies on its own, cached or not; the
 * serial's order is the resolver's (compare-and-set on publish) and the client's pins, not this check's. Bounded: when
 * full it starts over, which costs only verifying again.
 */
final class VerifiedRecords {
    private final int capacity;
    private final Set<AddressRecord> verified = ConcurrentHashMap.newKeySet();

    VerifiedRecords(int capacity) {
        this.capacity = capacity;
    }

    /** @throws org.mailv2.protocol.error.ProtocolException as {@link AddressRecord#verifySelf()} */
    void requireSelfSigned(AddressRecord record) {
        if (verified.contains(record)) {
            return;
        }
        record.verifySelf();
        if (verified.size() >= capacity) {
            verified.clear();
        }
        verified.add(record);
    }
}
