/** The encrypted local cache of verified summaries and its incremental sync. */
package org.mailv2.client.core.cache;
