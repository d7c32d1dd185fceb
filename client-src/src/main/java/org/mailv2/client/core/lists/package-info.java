/** Mailing lists: subscribing with permits, the owner's subscriber set, posting without proof of work. */
package org.mailv2.client.core.lists;
