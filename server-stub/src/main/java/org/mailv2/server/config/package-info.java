/** Server configuration: the YAML file, its defaults and its commented template. */
package org.mailv2.server.config;
