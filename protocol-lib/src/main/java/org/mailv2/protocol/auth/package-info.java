/** Short-lived auth tokens an account signs for one server. */
package org.mailv2.protocol.auth;
