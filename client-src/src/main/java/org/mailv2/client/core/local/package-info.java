/** Local mode: a real server on 127.0.0.1, started in-process or joined from another terminal. */
package org.mailv2.client.core.local;
