/** Permits: recipient-issued, revocable exemptions from proof of work for one sender (a list or a contact). */
package org.mailv2.protocol.permit;
