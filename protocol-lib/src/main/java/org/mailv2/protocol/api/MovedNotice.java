package org.mailv2.protocol.api;

import org.mailv2.protocol.resolver.AddressRecord;

/**
 * {@code POST /api/v1/account/moved}: the account tells its old server that it moved, with the address record the
 * resolver publishes now (same keys, another routing, a higher serial). From then on the old server forwards the
 * account's mail to the new routing for its grace period.
 */
public record MovedNotice(AddressRecord record) {
}
