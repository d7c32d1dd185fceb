/**
 * The typed HTTPS API: wire types shared by server and client, and {@link org.mailv2.protocol.api.ApiClient}, the one
 * place where HTTP statuses become types.
 */
package org.mailv2.protocol.api;
