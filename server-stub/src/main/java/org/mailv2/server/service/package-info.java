/** Server services: resolver role, accounts, authentication, delivery, outbox, mailboxes, permits. No HTTP here. */
package org.mailv2.server.service;
