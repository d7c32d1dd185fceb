package org.mailv2.protocol.api;

/** Receives the new-mail stream of {@link ApiClient#events}; called on OkHttp's reader thread. */
public interface NewMailListener {
    void onNewMail(NewMailEvent event);

    /** The stream ended: {@code failure} is null when it was closed by the client. */
    void onClosed(Exception failure);
}
