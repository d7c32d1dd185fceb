/** Putting a server together from its configuration directory, and running it. */
package org.mailv2.server.app;
