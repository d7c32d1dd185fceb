/**
 * Mailing lists: subscribing with permits, the owner's subscriber set, posting without proof of work, and the post
 * journals that let an interrupted post be finished later.
 */
package org.mailv2.client.core.lists;
