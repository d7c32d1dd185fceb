package org.mailv2.protocol.seal;

import org.mailv2.protocol.digest.Sha256;

/** An attachment of an opened message: its name, type, decoded size and the SHA-256 of its bytes. */
public record ReceivedAttachment(String name, String contentType, long size, Sha256 sha256) {
}
