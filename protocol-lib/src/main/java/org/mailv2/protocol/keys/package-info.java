/**
 * Keys: Ed25519 signing keys (identities, verified only by Bouncy Castle), age X25519 encryption keys, key ids,
 * signatures, and the binding of an encryption key to an identity.
 */
package org.mailv2.protocol.keys;
