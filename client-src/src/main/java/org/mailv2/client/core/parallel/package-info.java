/** Spreading independent jobs over the cores: copies of a list post, summaries opened ahead of the trust check. */
package org.mailv2.client.core.parallel;
