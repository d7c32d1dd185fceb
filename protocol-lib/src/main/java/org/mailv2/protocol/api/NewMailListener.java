package org.mailv2.protocol.api;

/** Receives the new-mail stream of {@link ApiClient#events}; called on OkHttp's reader thread. */
public interface NewMailListener {
    /** The server accepted the stream (events follow); opening is asynchronous, so only this says it worked. */
    default void onOpen() {
    }

    void onNewMail(NewMailEvent event);

    /** The account's mailbox changed (another device moved, flagged or deleted mail): ask the change log. */
    default void onChanged() {
    }

    /** The stream ended: {@code failure} is null when it was closed by the client. */
    void onClosed(Exception failure);
}
