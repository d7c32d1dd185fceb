package org.mailv2.client.core.move;

import java.io.IOException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.mailv2.client.core.account.Connection;
import org.mailv2.client.core.account.TransferProgress;
import org.mailv2.client.core.keyring.OwnAccount;
import org.mailv2.client.core.keyring.OwnedList;
import org.mailv2.client.core.session.ClientSession;
import org.mailv2.protocol.api.AddressRecordSubmission;
import org.mailv2.protocol.api.ApiClient;
import org.mailv2.protocol.api.ApiException;
import org.mailv2.protocol.api.MoveRequest;
import org.mailv2.protocol.api.MovedNotice;
import org.mailv2.protocol.api.ServerInfo;
import org.mailv2.protocol.auth.AuthToken;
import org.mailv2.protocol.digest.Sha256;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.error.ProtocolException;
import org.mailv2.protocol.lists.ListDescriptor;
import org.mailv2.protocol.pow.SolveProgress;
import org.mailv2.protocol.pow.Stamp;
import org.mailv2.protocol.resolver.AddressRecord;

/**
 * Moves the current account to another server, keeping its address and keys (protocol §7.6). The one entry point for
 * every face:
 *
 * <ol>
 *   <li>registers at the new server with the successor record (same keys, the new routing, serial + 1) and a creation
 *       stamp, without publishing anything;</li>
 *   <li>copies every box and message, sealed as they are and checked by hash, and what the old server enforces for
 *       the account: its permits (same ids; revoked ones revoked), its screener setting and allow and block lists, and
 *       the descriptor of a list it runs;</li>
 *   <li>publishes the successor record at the resolver, tells the old server (which forwards the account's mail from
 *       then on), and copies what reached the old server meanwhile;</li>
 *   <li>switches the vault's account to the new server and rebuilds its summary cache from there.</li>
 * </ol>
 *
 * Every step can run again: a move cut off anywhere is finished by running it again with the same target.
 */
public final class AccountMove {
    private static final Duration TOKEN_LIFETIME = Duration.ofMinutes(5);

    /** Where to: the new server's URL, the pin of its certificate as the user confirmed it, and an invitation. */
    public record Target(String url, Sha256 pin, String invitation) {
    }

    /** What a move shows while it runs; every method is called from the moving thread. */
    public interface Progress extends TransferProgress {
        /** Nothing to show. */
        Progress NONE = new Progress() {
            @Override
            public void moved(String what, long done, long total) {
            }
        };

        /** A step begins ("registering at …", "copying mail", …). */
        default void step(String what) {
        }

        /** {@code done} of {@code total} messages of a copy pass are copied. */
        default void message(int done, int total) {
        }

        /** The creation stamp is being solved. */
        default void stamp(SolveProgress progress) {
        }
    }

    /**
     * What the move did: the account as the vault holds it now, both copy passes (before and after the routing change),
     * and how many permits and screener rules were copied.
     */
    public record Result(OwnAccount account, MailboxCopy.Copied firstPass, MailboxCopy.Copied finalPass, int permits,
                         int senderRules, boolean listDescriptor) {
    }

    private final ClientSession session;

    public AccountMove(ClientSession session) {
        this.session = session;
    }

    /**
     * @throws ProtocolException {@code conflict} when the account lives there already; {@code unknown_recipient} when
     *     the resolver has no record of it
     * @throws ApiException when a server or the resolver refuses a step (nothing after that step is done; running
     *     the move again goes on from there)
     * @throws IOException when a server cannot be reached
     */
    public Result move(Target target, Progress progress) throws IOException {
        OwnAccount me = session.me();
        Connection old = session.connection();
        ApiClient probe = ApiClient.connect(target.url(), target.pin());
        ServerInfo info = probe.info();
        if (info.routingId().matches(me.routingId())) {
            throw new ProtocolException(ErrorCode.CONFLICT, "the account lives at " + target.url() + " already");
        }
        Sha256 address = me.parsedAddress().hash();
        ApiClient next = probe.withToken(() -> AuthToken.issue(me.signingKey(), address, info.routingId(),
                session.clock(), TOKEN_LIFETIME));
        AddressRecord current = old.resolver().address(address).orElseThrow(() ->
                new ProtocolException(ErrorCode.UNKNOWN_RECIPIENT, "the resolver has no record of " + me.address()));
        boolean published = current.routingId().matches(info.routingId());
        AddressRecord successor = published ? current : current.movedTo(info.routingId(), me.signingKey());

        if (!published && !registered(next)) {
            progress.step("registering at " + target.url());
            Stamp stamp = session.solver().solve(successor.creationStampHeader(info.powAccountBits(),
                    LocalDate.now(session.clock().withZone(ZoneOffset.UTC))), session.random().nextLong() >>> 1,
                    progress::stamp);
            next.arrive(new MoveRequest(successor, stamp, target.invitation()));
        }
        progress.step("copying mail");
        MailboxCopy copy = new MailboxCopy(old.server(), next, session.paths().cacheDir().resolve("move"),
                progress, progress::message);
        MailboxCopy.Copied first = copy.pass();
        progress.step("copying permits and screener rules");
        AccountSettingsCopy.Copied settings = new AccountSettingsCopy(old.server(), next).copy();
        boolean list = copyListDescriptor(me, old.server(), next);

        if (!published) {
            progress.step("publishing the new routing");
            old.resolver().publish(new AddressRecordSubmission(successor, null));
        }
        progress.step("telling the old server");
        old.server().moved(new MovedNotice(successor));
        progress.step("copying mail that arrived meanwhile");
        MailboxCopy.Copied last = copy.pass();

        OwnAccount moved = me.movedTo(target.url(), target.pin(), info.routingId());
        session.moved(moved);
        progress.step("rebuilding the local cache");
        try {
            session.sync("inbox");
        } catch (IOException later) {
            // The move is done; the next sync fills the cache from the new server.
            progress.step("the local cache is filled at the next sync");
        }
        return new Result(moved, first, last, settings.permits(), settings.senderRules(), list);
    }

    /** Whether the new server takes the account's tokens already (a move cut off after it registered). */
    private static boolean registered(ApiClient next) throws IOException {
        try {
            next.account();
            return true;
        } catch (ApiException e) {
            if (e.code() == ErrorCode.UNAUTHORIZED) {
                return false;
            }
            throw e;
        }
    }

    /** A list the account runs: its descriptor goes to the new server's directory and leaves the old one's. */
    private boolean copyListDescriptor(OwnAccount me, ApiClient old, ApiClient next) throws IOException {
        OwnedList owned = session.keyring().ownedList(me.parsedAddress()).orElse(null);
        if (owned == null) {
            return false;
        }
        next.publishList(ListDescriptor.create(me.parsedAddress(), owned.title(), owned.description(),
                owned.inviteOnly(), owned.serial(), me.signingKey()));
        try {
            old.withdrawList();
        } catch (ApiException e) {
            if (e.code() != ErrorCode.UNKNOWN_RECIPIENT) {
                throw e;
            }
        }
        return true;
    }
}
