/**
 * Resolver records (address, routing, organisation), their signatures, the rules for publishing and rotating them,
 * and the {@link org.mailv2.protocol.resolver.Resolver} interface.
 */
package org.mailv2.protocol.resolver;
