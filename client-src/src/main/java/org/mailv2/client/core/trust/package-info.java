/**
 * Whether a message is from whom it says: every path that shows mail (sync, read, the terminal UI) checks senders here,
 * against the keys pinned in the vault, never against whatever the resolver serves now.
 */
package org.mailv2.client.core.trust;
