/** The service interface through which the client starts an in-process server (local mode). */
package org.mailv2.protocol.local;
