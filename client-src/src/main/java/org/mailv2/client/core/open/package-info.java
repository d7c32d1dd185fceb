/**
 * Opening an attachment with another program, as mutt and aerc do, without leaving it on disk: decrypted into a
 * private runtime folder, cleaned of remote references when it is HTML, handed to the mailcap entry for its type (or
 * {@code xdg-open}) and removed afterwards.
 */
package org.mailv2.client.core.open;
