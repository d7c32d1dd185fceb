/** The {@code mailv2-server} command line. */
package org.mailv2.server.cli;
