package org.mailv2.server.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Locale;
import java.util.function.Function;
import org.mailv2.protocol.api.ScreenerSetting;
import org.mailv2.protocol.api.SenderRuleView;
import org.mailv2.protocol.digest.Sha256;
import org.mailv2.server.service.ScreenerService;
import org.mailv2.server.store.SenderRule;

/**
 * The caller's screener: its setting, and the senders it allowed ({@code allowed}) or blocked ({@code blocked}),
 * by address hash. Writes are idempotent; removing a sender that is not on the list is {@code unknown_recipient}.
 */
final class ScreenerRoutes {
    private final ScreenerService screener;
    private final Function<Context, Sha256> account;

    ScreenerRoutes(ScreenerService screener, Function<Context, Sha256> account) {
        this.screener = screener;
        this.account = account;
    }

    void register(RoutesConfig routes) {
        routes.get("/api/v1/screener", ctx -> PublicRoutes.json(ctx, 200,
                ScreenerSetting.of(screener.screening(account.apply(ctx)))));
        routes.put("/api/v1/screener", ctx -> {
            Sha256 caller = account.apply(ctx);
            screener.setScreening(caller, Requests.json(ctx, ScreenerSetting.class).enabled());
            ctx.status(204);
        });
        for (SenderRule.Kind kind : SenderRule.Kind.values()) {
            String path = "/api/v1/screener/" + list(kind);
            routes.get(path, ctx -> PublicRoutes.json(ctx, 200, screener.rules(account.apply(ctx), kind).stream()
                    .map(rule -> new SenderRuleView(rule.sender(), rule.since())).toList()));
            routes.put(path + "/{hash}", ctx -> {
                Sha256 caller = account.apply(ctx);
                screener.put(caller, Requests.hash(ctx, "hash"), kind);
                ctx.status(204);
            });
            routes.delete(path + "/{hash}", ctx -> {
                Sha256 caller = account.apply(ctx);
                screener.remove(caller, Requests.hash(ctx, "hash"), kind);
                ctx.status(204);
            });
        }
    }

    private static String list(SenderRule.Kind kind) {
        return kind == SenderRule.Kind.ALLOW ? "allowed" : kind.name().toLowerCase(Locale.ROOT) + "ed";
    }
}
