package org.mailv2.server.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import org.mailv2.protocol.api.AddressRecordSubmission;
import org.mailv2.protocol.api.OrganisationRecordSubmission;
import org.mailv2.protocol.api.RegisterRequest;
import org.mailv2.protocol.api.ServerInfo;
import org.mailv2.protocol.digest.Sha256;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.error.ProtocolException;
import org.mailv2.protocol.json.Jcs;
import org.mailv2.protocol.json.Json;
import org.mailv2.protocol.resolver.RoutingRecord;
import org.mailv2.server.service.AccountService;
import org.mailv2.server.service.DeliveryService;
import org.mailv2.server.service.RecordService;

/** Routes anyone may call: server info, the resolver role, registration, and server-to-server delivery. */
final class PublicRoutes {
    private final org.mailv2.server.service.RecoveryService recovery;
    private final ServerInfo info;
    private final RecordService records;
    private final AccountService accounts;
    private final DeliveryService delivery;
    private final org.mailv2.server.service.DirectoryService directory;

    PublicRoutes(ServerInfo info, RecordService records, AccountService accounts, DeliveryService delivery,
                 org.mailv2.server.service.DirectoryService directory,
                 org.mailv2.server.service.RecoveryService recovery) {
        this.directory = directory;
        this.recovery = recovery;
        this.info = info;
        this.records = records;
        this.accounts = accounts;
        this.delivery = delivery;
    }

    void register(RoutesConfig routes) {
        routes.get("/info", ctx -> json(ctx, 200, info));
        routes.post("/api/v1/accounts", this::registerAccount);
        routes.post("/api/v1/incoming", this::incoming);
        routes.get("/directory/lists", ctx -> json(ctx, 200, directory.lists()));
        routes.get("/api/v1/recovery/{hash}", ctx -> json(ctx, 200,
                recovery.fetch(Requests.hash(ctx, "hash"), ctx.header("Authorization"))));
        if (info.resolver()) {
            routes.get("/api/v1/records/address/{hash}", ctx -> found(ctx, records.address(Requests.hash(ctx, "hash"))));
            routes.get("/api/v1/records/address/{hash}/keys", this::keyChanges);
            routes.get("/api/v1/records/routing/{hash}", ctx -> found(ctx, records.routing(Requests.hash(ctx, "hash"))));
            routes.get("/api/v1/records/organisation/{hash}",
                    ctx -> found(ctx, records.organisation(Requests.hash(ctx, "hash"))));
            routes.put("/api/v1/records/address/{hash}", this::putAddress);
            routes.put("/api/v1/records/routing/{hash}", this::putRouting);
            routes.put("/api/v1/records/organisation/{hash}", this::putOrganisation);
        }
    }

    private void registerAccount(Context ctx) throws IOException {
        accounts.register(Requests.json(ctx, RegisterRequest.class));
        ctx.status(201);
    }

    private void incoming(Context ctx) throws IOException {
        try (InputStream in = ctx.bodyInputStream()) {
            DeliveryService.Outcome outcome = delivery.deliver(Requests.envelope(ctx), in);
            ctx.status(outcome == DeliveryService.Outcome.STORED ? 201 : 200);
        }
    }

    /** An address's key history; 404 when the resolver holds no record for it. */
    private void keyChanges(Context ctx) {
        Sha256 hash = Requests.hash(ctx, "hash");
        var changes = records.keyChanges(hash);
        if (changes.isEmpty()) {
            throw new ProtocolException(ErrorCode.UNKNOWN_RECIPIENT, "no such record");
        }
        ctx.status(200).contentType("application/json").result(
                Jcs.canonicalize(new org.mailv2.protocol.api.KeyChanges(changes)));
    }

    private void putAddress(Context ctx) throws IOException {
        AddressRecordSubmission s = Requests.json(ctx, AddressRecordSubmission.class);
        requirePath(ctx, s.record() == null ? null : s.record().addressHash());
        records.publish(s.record(), s.creationStamp());
        ctx.status(204);
    }

    private void putRouting(Context ctx) throws IOException {
        RoutingRecord record = Requests.json(ctx, RoutingRecord.class);
        requirePath(ctx, record.routingId());
        records.publish(record);
        ctx.status(204);
    }

    private void putOrganisation(Context ctx) throws IOException {
        OrganisationRecordSubmission s = Requests.json(ctx, OrganisationRecordSubmission.class);
        requirePath(ctx, s.record() == null ? null : s.record().organisationHash());
        records.publish(s.record(), s.creationStamp());
        ctx.status(204);
    }

    private static void requirePath(Context ctx, Sha256 hash) {
        if (hash == null || !hash.matches(Requests.hash(ctx, "hash"))) {
            throw new ProtocolException(ErrorCode.MALFORMED, "the record is not for this path");
        }
    }

    private static void found(Context ctx, Optional<?> record) {
        if (record.isEmpty()) {
            throw new ProtocolException(ErrorCode.UNKNOWN_RECIPIENT, "no such record");
        }
        ctx.status(200).contentType("application/json").result(Jcs.canonicalize(record.get()));
    }

    static void json(Context ctx, int status, Object value) {
        ctx.status(status).contentType("application/json").result(Json.write(value));
    }
}
