package org.mailv2.client.core.move;

import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.mailv2.protocol.api.ApiClient;
import org.mailv2.protocol.api.PermitRequest;
import org.mailv2.protocol.api.PermitView;
import org.mailv2.protocol.api.SenderRuleView;
import org.mailv2.protocol.digest.Sha256;
import org.mailv2.protocol.permit.Permit;

/**
 * What the old server enforces for an account, copied to the new one: the permits it issued (the same ids, so list
 * and contact mail keeps coming in free; a permit revoked there is revoked here too), the screener's setting and its
 * allow and block lists. Idempotent: what the new server holds already is left as it is.
 */
final class AccountSettingsCopy {
    /** How many permits and sender rules were copied now. */
    record Copied(int permits, int senderRules) {
    }

    private final ApiClient from;
    private final ApiClient to;

    AccountSettingsCopy(ApiClient from, ApiClient to) {
        this.from = from;
        this.to = to;
    }

    Copied copy() throws IOException {
        return new Copied(permits(), rules());
    }

    private int permits() throws IOException {
        Map<String, PermitView> there = new HashMap<>();
        for (PermitView view : to.permits()) {
            there.put(view.permit().permitId().toString(), view);
        }
        int copied = 0;
        for (PermitView view : from.permits()) {
            Permit permit = view.permit();
            PermitView here = there.get(permit.permitId().toString());
            if (here == null) {
                to.createPermit(new PermitRequest(permit.permitId(), permit.senderHash(), permit.purpose()));
                copied++;
            }
            if (view.revokedAt() != null && (here == null || here.revokedAt() == null)) {
                to.revokePermit(permit.permitId());
            }
        }
        return copied;
    }

    private int rules() throws IOException {
        to.setScreener(from.screener());
        Set<Sha256> allowedThere = hashes(to.allowed());
        Set<Sha256> blockedThere = hashes(to.blocked());
        int copied = 0;
        for (SenderRuleView rule : from.allowed()) {
            if (!allowedThere.contains(rule.senderHash())) {
                to.allow(rule.senderHash());
                copied++;
            }
        }
        for (SenderRuleView rule : from.blocked()) {
            if (!blockedThere.contains(rule.senderHash())) {
                to.block(rule.senderHash());
                copied++;
            }
        }
        return copied;
    }

    private static Set<Sha256> hashes(java.util.List<SenderRuleView> rules) {
        Set<Sha256> out = new HashSet<>();
        rules.forEach(r -> out.add(r.senderHash()));
        return out;
    }
}
