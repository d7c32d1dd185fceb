/** The HTTPS layer: routes translate requests to services and answers back; errors become problem documents. */
package org.mailv2.server.http;
