/** Creating accounts and connecting to their server and resolver. */
package org.mailv2.client.core.account;
