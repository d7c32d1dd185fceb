package org.mailv2.server.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.mailv2.protocol.api.BoxView;
import org.mailv2.protocol.api.MessagePage;
import org.mailv2.protocol.api.MessageView;
import org.mailv2.protocol.api.PermitRequest;
import org.mailv2.protocol.api.PermitView;
import org.mailv2.protocol.digest.Sha256;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.error.ProtocolException;
import org.mailv2.protocol.permit.PermitId;
import org.mailv2.protocol.seal.Envelope;
import org.mailv2.server.service.Authenticator;
import org.mailv2.server.service.MailboxService;
import org.mailv2.server.service.OutboxService;
import org.mailv2.server.service.PermitService;
import org.mailv2.server.service.ScreenerService;
import org.mailv2.server.store.PermitState;
import org.mailv2.server.store.StoredMessage;

/** Routes of an authenticated account: outbox, mailboxes, permits, the screener. Each touches only the caller's own data. */
final class AccountRoutes {
    private final Authenticator auth;
    private final org.mailv2.server.service.AccountService accounts;
    private final RateLimiter perAccount;
    private final OutboxService outbox;
    private final MailboxService mailboxes;
    private final PermitService permits;
    private final org.mailv2.server.service.DirectoryService directory;
    private final ScreenerRoutes screener;
    private final org.mailv2.server.service.RecoveryService recovery;

    AccountRoutes(Authenticator auth, org.mailv2.server.service.AccountService accounts, RateLimiter perAccount,
                  OutboxService outbox, MailboxService mailboxes, PermitService permits,
                  org.mailv2.server.service.DirectoryService directory, ScreenerService screener,
                  org.mailv2.server.service.RecoveryService recovery) {
        this.directory = directory;
        this.recovery = recovery;
        this.screener = new ScreenerRoutes(screener, this::account);
        this.auth = auth;
        this.accounts = accounts;
        this.perAccount = perAccount;
        this.outbox = outbox;
        this.mailboxes = mailboxes;
        this.permits = permits;
    }

    void register(RoutesConfig routes) {
        routes.get("/api/v1/account", ctx -> PublicRoutes.json(ctx, 200, accounts.describe(account(ctx))));
        routes.delete("/api/v1/account", ctx -> {
            accounts.delete(account(ctx));
            ctx.status(204);
        });
        routes.post("/api/v1/outbox", this::submit);
        routes.put("/api/v1/list", ctx -> {
            directory.publish(account(ctx), Requests.json(ctx, org.mailv2.protocol.lists.ListDescriptor.class));
            ctx.status(204);
        });
        routes.delete("/api/v1/list", ctx -> {
            directory.withdraw(account(ctx));
            ctx.status(204);
        });
        routes.get("/api/v1/boxes", ctx -> PublicRoutes.json(ctx, 200, mailboxes.boxes(account(ctx)).stream()
                .map(b -> new BoxView(b.box(), b.messages(), b.unseen())).toList()));
        routes.get("/api/v1/boxes/{box}/messages", this::list);
        routes.get("/api/v1/changes", this::changes);
        routes.get("/api/v1/messages/{id}", ctx -> PublicRoutes.json(ctx, 200,
                view(mailboxes.get(account(ctx), Requests.uuid(ctx, "id")))));
        routes.get("/api/v1/messages/{id}/body", this::body);
        routes.put("/api/v1/messages/{id}/flags", this::flags);
        routes.post("/api/v1/messages/{id}/move", this::move);
        routes.delete("/api/v1/messages/{id}", ctx -> {
            mailboxes.delete(account(ctx), Requests.uuid(ctx, "id"));
            ctx.status(204);
        });
        routes.post("/api/v1/permits", ctx -> PublicRoutes.json(ctx, 201,
                view(permits.create(account(ctx), Requests.json(ctx, PermitRequest.class)))));
        routes.get("/api/v1/permits", ctx -> PublicRoutes.json(ctx, 200,
                permits.issuedBy(account(ctx)).stream().map(AccountRoutes::view).toList()));
        routes.delete("/api/v1/permits/{id}", ctx -> {
            permits.revoke(account(ctx), new PermitId(ctx.pathParam("id")));
            ctx.status(204);
        });
        routes.put("/api/v1/recovery", ctx -> {
            recovery.put(account(ctx), Requests.json(ctx, org.mailv2.protocol.api.RecoveryCopyView.class,
                    org.mailv2.protocol.api.RecoveryCopyView.MAX_DOCUMENT_BYTES));
            ctx.status(204);
        });
        screener.register(routes);
    }

    Sha256 account(Context ctx) {
        Sha256 account = auth.authenticate(ctx.header("Authorization"));
        perAccount.acquire(account.hex());
        return account;
    }

    private void changes(Context ctx) {
        var page = mailboxes.changes(account(ctx), Requests.longQuery(ctx, "since", 0),
                (int) Math.min(Requests.longQuery(ctx, "limit", MailboxService.MAX_PAGE), Integer.MAX_VALUE));
        PublicRoutes.json(ctx, 200, new org.mailv2.protocol.api.ChangePage(page.changes().stream().map(c -> c.deleted()
                ? new org.mailv2.protocol.api.ChangePage.Change(c.messageId().toString(), null, null, null, c.modseq(),
                        true)
                : new org.mailv2.protocol.api.ChangePage.Change(c.messageId().toString(), c.sequence(), c.box(),
                        c.flags().stream().map(f -> f.name().toLowerCase(Locale.ROOT))
                                .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new)),
                        c.modseq(), null)).toList(), page.state(), page.more()));
    }

    private void submit(Context ctx) throws IOException {
        Sha256 account = account(ctx);
        Envelope envelope = Requests.envelope(ctx);
        try (InputStream in = ctx.bodyInputStream()) {
            OutboxService.Outcome outcome = outbox.submit(account, envelope, in);
            ctx.status(switch (outcome) {
                case STORED -> 201;
                case DUPLICATE -> 200;
                case QUEUED -> 202;
            });
        }
    }

    private void list(Context ctx) {
        Sha256 account = account(ctx);
        long after = Requests.longQuery(ctx, "after", 0);
        int limit = (int) Math.min(Requests.longQuery(ctx, "limit", 100), MailboxService.MAX_PAGE + 1L);
        List<StoredMessage> page = mailboxes.list(account, ctx.pathParam("box"), after, limit);
        long next = page.isEmpty() ? after : page.get(page.size() - 1).sequence();
        PublicRoutes.json(ctx, 200, new MessagePage(page.stream().map(AccountRoutes::view).toList(), next));
    }

    private void body(Context ctx) throws IOException {
        Sha256 account = account(ctx);
        StoredMessage message = mailboxes.get(account, Requests.uuid(ctx, "id"));
        ctx.status(200).contentType("application/octet-stream");
        ctx.res().setContentLengthLong(message.bodySize());
        try (InputStream in = mailboxes.body(account, message.messageId())) {
            in.transferTo(ctx.outputStream());
        }
    }

    private void flags(Context ctx) throws IOException {
        Sha256 account = account(ctx);
        FlagsRequest request = Requests.json(ctx, FlagsRequest.class);
        Set<StoredMessage.Flag> flags = EnumSet.noneOf(StoredMessage.Flag.class);
        for (String f : request.flags()) {
            try {
                flags.add(StoredMessage.Flag.valueOf(f.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new ProtocolException(ErrorCode.MALFORMED, "flags are seen, flagged, answered");
            }
        }
        mailboxes.setFlags(account, Requests.uuid(ctx, "id"), flags);
        ctx.status(204);
    }

    private void move(Context ctx) throws IOException {
        Sha256 account = account(ctx);
        Map<?, ?> request = Requests.json(ctx, Map.class);
        Object box = request.get("box");
        if (!(box instanceof String name) || request.size() != 1) {
            throw new ProtocolException(ErrorCode.MALFORMED, "a move names one box");
        }
        mailboxes.move(account, Requests.uuid(ctx, "id"), name);
        ctx.status(204);
    }

    record FlagsRequest(List<String> flags) {
        FlagsRequest {
            if (flags == null || flags.size() > 3) {
                throw new ProtocolException(ErrorCode.MALFORMED, "flags is a list of at most 3 names");
            }
        }
    }

    static MessageView view(StoredMessage m) {
        return new MessageView(Envelope.parse(m.envelopeJson()), Base64.getEncoder().encodeToString(m.summaryCiphertext()),
                m.sequence(), m.box(), m.flags().stream().map(f -> f.name().toLowerCase(Locale.ROOT))
                .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new)), m.receivedAt());
    }

    static PermitView view(PermitState p) {
        return new PermitView(p.permit(), p.revokedAt());
    }
}
