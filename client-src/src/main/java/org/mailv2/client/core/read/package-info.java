/** Reading: listing verified summaries and opening verified bodies. */
package org.mailv2.client.core.read;
