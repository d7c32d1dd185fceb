package org.mailv2.server.config;

import java.io.IOException;

/**
 * A {@code config.yml} that does not parse or holds an invalid option (its YAML, an unknown or mistyped option, a
 * value out of range). The message names the option and says what is wrong; it never quotes secrets, since the file
 * names password files rather than holding passwords.
 */
public final class ConfigException extends IOException {
    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
