/**
 * Contact permits: exemptions from proof of work that users give the people they write to, picked up from arriving
 * mail, used by the sender, and revoked at the issuer's own server.
 */
package org.mailv2.client.core.permits;
