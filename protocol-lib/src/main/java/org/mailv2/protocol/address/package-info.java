/** Addresses ({@code alice!}, {@code bob@acme!}), their canonical forms and hashes. */
package org.mailv2.protocol.address;
