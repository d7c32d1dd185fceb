/** Text from other people on its way to a terminal: made visible, never obeyed. */
package org.mailv2.client.core.text;
