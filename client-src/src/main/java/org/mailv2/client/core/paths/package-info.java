/**
 * Where the client keeps its files: the XDG base directories for mailv2 (config, data, cache), the {@code MAILV2_HOME}
 * override and per-identity profiles, resolved from an explicit environment map so that nothing here reads the
 * process environment ({@link org.mailv2.client.core.paths.ClientPaths}).
 */
package org.mailv2.client.core.paths;
