/**
 * Sealed messages: the signed envelope servers see, the age-encrypted summary and MIME body, and the sealer and
 * opener that build and check them.
 */
package org.mailv2.protocol.seal;
