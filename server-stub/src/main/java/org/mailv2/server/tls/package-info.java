/** TLS credentials: self-signed certificate generation, PEM files, and the pin clients verify. */
package org.mailv2.server.tls;
