/** SHA-256 digests as values: address hashes, key ids, ciphertext hashes. */
package org.mailv2.protocol.digest;
