/** The {@code mailv2} command line. */
package org.mailv2.client.cli;
