package org.mailv2.protocol.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Set;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.error.ProtocolException;

/**
 * One page of an account's change log ({@code GET /api/v1/changes?since=N}): each changed message's state after its
 * last change (box, flags, listing sequence) or its deletion, oldest change first; the state to ask from next; and
 * whether more changes wait.
 */
public record ChangePage(List<Change> changes, long state, boolean more) {
    public ChangePage {
        if (changes == null || state < 0) {
            throw new ProtocolException(ErrorCode.MALFORMED, "a change page has changes and a state");
        }
        changes = List.copyOf(changes);
    }

    /** A message as its last change left it; {@code deleted} messages carry only their id and modseq. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Change(String id, Long sequence, String box, Set<String> flags, long modseq, Boolean deleted) {
        public Change {
            if (id == null || modseq < 1) {
                throw new ProtocolException(ErrorCode.MALFORMED, "a change names its message and modseq");
            }
            if (!Boolean.TRUE.equals(deleted) && (box == null || flags == null || sequence == null)) {
                throw new ProtocolException(ErrorCode.MALFORMED, "a change gives the message's box and flags");
            }
        }

        public boolean gone() {
            return Boolean.TRUE.equals(deleted);
        }
    }
}
