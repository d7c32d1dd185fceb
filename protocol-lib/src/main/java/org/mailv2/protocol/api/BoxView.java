package org.mailv2.protocol.api;

/** A mailbox folder with its counts. */
public record BoxView(String name, long messages, long unseen) {
}
