/** The protocol exception root and its stable error codes. */
package org.mailv2.protocol.error;
