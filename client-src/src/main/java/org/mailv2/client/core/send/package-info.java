/** Sending: resolving and pinning recipients, sealing, stamping, submitting to the own server. */
package org.mailv2.client.core.send;
