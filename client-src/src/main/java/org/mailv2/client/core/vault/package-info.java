/**
 * The client's encrypted vault file ({@link org.mailv2.client.core.vault.VaultFile}): an opaque plaintext under
 * AES-256-GCM with a key from the passphrase by Argon2id, written atomically and owner-only, with passphrase change and
 * encrypted export and import. The Argon2id cost of new files, and the bounds every file read must respect, are
 * {@link org.mailv2.client.core.vault.VaultCost}. Failures are {@link org.mailv2.protocol.error.ProtocolException}s
 * ({@code decryption_failed}, {@code malformed}, {@code too_large}) and {@link java.io.IOException}s.
 */
package org.mailv2.client.core.vault;
