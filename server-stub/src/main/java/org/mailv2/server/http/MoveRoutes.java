package org.mailv2.server.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import org.mailv2.protocol.api.MoveRequest;
import org.mailv2.protocol.api.MovedNotice;
import org.mailv2.protocol.digest.Sha256;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.error.ProtocolException;
import org.mailv2.protocol.seal.Envelope;
import org.mailv2.server.service.ImportService;
import org.mailv2.server.service.MoveService;
import org.mailv2.server.store.StoredMessage;

/**
 * Moving an account between servers (protocol §7.6): registering before the move ({@code POST /api/v1/arrivals}, no
 * token: the account has none here yet), copying sealed messages in ({@code POST /api/v1/import}) and telling the old
 * server that the account left ({@code POST /api/v1/account/moved}).
 */
final class MoveRoutes {
    private final MoveService moves;
    private final ImportService imports;
    private final Function<Context, Sha256> account;

    MoveRoutes(MoveService moves, ImportService imports, Function<Context, Sha256> account) {
        this.moves = moves;
        this.imports = imports;
        this.account = account;
    }

    void register(RoutesConfig routes) {
        routes.post("/api/v1/arrivals", ctx -> {
            moves.arrive(Requests.json(ctx, MoveRequest.class));
            ctx.status(201);
        });
        routes.post("/api/v1/import", this::importCopy);
        routes.post("/api/v1/account/moved", ctx -> {
            Sha256 caller = account.apply(ctx);
            moves.departed(caller, Requests.json(ctx, MovedNotice.class));
            ctx.status(204);
        });
    }

    private void importCopy(Context ctx) throws IOException {
        Sha256 caller = account.apply(ctx);
        Envelope envelope = Requests.envelope(ctx);
        Set<StoredMessage.Flag> flags = flags(ctx.queryParam("flags"));
        try (InputStream in = ctx.bodyInputStream()) {
            ImportService.Outcome outcome = imports.importCopy(caller, envelope, in, ctx.queryParam("box"), flags);
            ctx.status(outcome == ImportService.Outcome.STORED ? 201 : 200);
        }
    }

    private static Set<StoredMessage.Flag> flags(String list) {
        Set<StoredMessage.Flag> flags = EnumSet.noneOf(StoredMessage.Flag.class);
        if (list == null || list.isEmpty()) {
            return flags;
        }
        String[] names = list.split(",", -1);
        if (names.length > 3) {
            throw new ProtocolException(ErrorCode.MALFORMED, "flags are seen, flagged, answered");
        }
        for (String f : names) {
            try {
                flags.add(StoredMessage.Flag.valueOf(f.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new ProtocolException(ErrorCode.MALFORMED, "flags are seen, flagged, answered");
            }
        }
        return flags;
    }
}
