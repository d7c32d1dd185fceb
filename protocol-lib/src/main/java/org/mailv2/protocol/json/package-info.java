/** The strict shared Jackson mapper and RFC 8785 canonical JSON for everything that is signed. */
package org.mailv2.protocol.json;
