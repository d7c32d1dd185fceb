/** What the vault protects: the user's accounts with their private keys, and pinned contacts. */
package org.mailv2.client.core.keyring;
