/**
 * Moving an account to another server with its address and keys ({@link org.mailv2.client.core.move.AccountMove}):
 * registering there, copying the sealed mailboxes and what the old server enforces, publishing the routing change.
 */
package org.mailv2.client.core.move;
