package org.mailv2.client.core.cache;

/** The local cache failed (its file is unreadable or the disk is full); the server still has everything. */
public final class CacheException extends RuntimeException {
    public CacheException(String message, Throwable cause) {
        super(message, cause);
    }
}
