/** Mailing lists: the signed descriptors servers publish in their directories. */
package org.mailv2.protocol.lists;
