/**
 * Taking mail elsewhere: every box's verified messages, decrypted as they were sealed, into a Maildir tree or an mbox
 * file that other mail clients open.
 */
package org.mailv2.client.core.export;
