package org.mailv2.server.service;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.mailv2.protocol.digest.Sha256;

/**
 * Nudges the open event streams of an account when its mailbox changed in this process (a device moved, flagged or
 * deleted a message, or a copy was stored outside the inbox, which has its own new-mail event), so its other devices
 * ask the change log at once. Replicas sharing a
 * PostgreSQL database do not hear each other here; their clients find the changes at their next sync.
 */
public final class MailboxChanges {
    private final Map<Sha256, Set<Runnable>> listeners = new ConcurrentHashMap<>();

    /** @return closing it stops the nudges */
    public AutoCloseable listen(Sha256 account, Runnable onChange) {
        listeners.computeIfAbsent(account, a -> ConcurrentHashMap.newKeySet()).add(onChange);
        return () -> listeners.computeIfPresent(account, (a, set) -> {
            set.remove(onChange);
            return set.isEmpty() ? null : set;
        });
    }

    public void changed(Sha256 account) {
        Set<Runnable> set = listeners.get(account);
        if (set != null) {
            set.forEach(Runnable::run);
        }
    }
}
