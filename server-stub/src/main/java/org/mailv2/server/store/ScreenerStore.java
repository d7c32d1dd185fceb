package org.mailv2.server.store;

import java.util.List;
import java.util.Optional;
import org.mailv2.protocol.digest.Sha256;

/** Per account: the screener setting (on unless turned off) and the senders it allowed or blocked. */
public interface ScreenerStore {
    /** The recipient's rule for this sender, if any. */
    Optional<SenderRule> rule(Sha256 recipient, Sha256 sender);

    /**
     * Sets the rule for {@code rule.sender()}, replacing another kind (allowing lifts a block and the other way
     * round); an equal rule is kept with its first {@code since}.
     *
     * @throws UnknownAccountException when the recipient is not an account here
     */
    void put(SenderRule rule);

    /** @return false when the recipient had no rule of that kind for that sender (nothing is changed) */
    boolean remove(Sha256 recipient, Sha256 sender, SenderRule.Kind kind);

    /** The recipient's rules of one kind, oldest first. */
    List<SenderRule> rules(Sha256 recipient, SenderRule.Kind kind);

    /** Whether the recipient screens first contacts (the default). */
    boolean screening(Sha256 recipient);

    /** @throws UnknownAccountException when the recipient is not an account here */
    void setScreening(Sha256 recipient, boolean on);
}
