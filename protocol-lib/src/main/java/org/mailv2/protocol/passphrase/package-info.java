/**
 * Passphrase-based secrets for the client vault: Argon2id parameters and key derivation ({@link
 * org.mailv2.protocol.passphrase.PassphraseKdf}), and AES-256-GCM boxes for what the derived key protects ({@link
 * org.mailv2.protocol.passphrase.SecretBox}).
 */
package org.mailv2.protocol.passphrase;
