/**
 * The client application layer that the command line and the terminal UI share: one session (the vault under its
 * lock, the cache, the connection), one sync round, one set of mailbox actions. A behaviour lives here once; the faces
 * only call it and render.
 */
package org.mailv2.client.core.session;
