package org.mailv2.protocol.api;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import okhttp3.ConnectionSpec;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSink;
import org.mailv2.protocol.digest.Sha256;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.error.ProtocolException;
import org.mailv2.protocol.json.Json;
import org.mailv2.protocol.keys.Base64Url;
import org.mailv2.protocol.resolver.AddressRecord;
import org.mailv2.protocol.resolver.OrganisationRecord;
import org.mailv2.protocol.resolver.Resolver;
import org.mailv2.protocol.resolver.RoutingRecord;
import org.mailv2.protocol.seal.ByteSource;
import org.mailv2.protocol.seal.Envelope;

/**
 * The typed HTTPS client of a mailv2 server (and of a resolver, which is a server role). TLS 1.3/1.2 only; a server
 * with a pinned certificate is trusted by pin alone. Every non-2xx answer becomes an {@link ApiException} here.
 */
public final class ApiClient implements Resolver {
    private static final MediaType JSON = MediaType.get("application/json");
    private static final MediaType SEALED = MediaType.get(SealedTransfer.MEDIA_TYPE);
    private static final int MAX_PROBLEM_BYTES = 16 * 1024;
    /** Answers can be larger than the documents we sign (a page of 500 summaries); still bounded. */
    private static final int MAX_ANSWER_BYTES = 8 * 1024 * 1024;
    private static final com.fasterxml.jackson.core.JsonFactory ANSWERS = Json.newFactory(MAX_ANSWER_BYTES);
    /**
     * Idle connections kept for reuse. OkHttp's default of 5 made a busy sender (a relay's workers, a list post, a load
     * of concurrent submissions) close most connections after each request and pay a new TLS handshake for the next.
     */
    static final int IDLE_CONNECTIONS = 64;
    /** One connection pool and dispatcher for every client in this process; clients differ only in trust. */
    private static final OkHttpClient SHARED = new OkHttpClient.Builder()
            .connectionPool(new okhttp3.ConnectionPool(IDLE_CONNECTIONS, 5, java.util.concurrent.TimeUnit.MINUTES))
            .connectionSpecs(List.of(ConnectionSpec.RESTRICTED_TLS))
            .connectTimeout(Duration.ofSeconds(10))
            .readTimeout(Duration.ofSeconds(60))
            .writeTimeout(Duration.ofSeconds(60))
            .build();

    private final OkHttpClient http;
    private final HttpUrl base;
    private final Supplier<String> token;

    private ApiClient(OkHttpClient http, HttpUrl base, Supplier<String> token) {
        this.http = http;
        this.base = base;
        this.token = token;
    }

    /**
     * @param baseUrl the server's https URL
     * @param pin the SHA-256 of the server's certificate, or null to use the platform's trusted CAs
     */
    public static ApiClient connect(String baseUrl, Sha256 pin) {
        return connect(baseUrl, pin, Timeouts.DEFAULT);
    }

    /**
     * As {@link #connect(String, Sha256)}, waiting for the server at most as long as {@code timeouts} say (a server
     * calling another server bounds every call, so that a neighbour that never answers holds no thread for long).
     */
    public static ApiClient connect(String baseUrl, Sha256 pin, Timeouts timeouts) {
        HttpUrl url = HttpUrl.parse(baseUrl);
        if (url == null || !url.isHttps()) {
            throw new IllegalArgumentException("a server URL is https://…");
        }
        OkHttpClient.Builder builder = SHARED.newBuilder()
                .connectTimeout(timeouts.connect())
                .readTimeout(timeouts.read())
                .writeTimeout(timeouts.read())
                .callTimeout(timeouts.call());
        if (pin != null) {
            CertificatePin trust = new CertificatePin(pin);
            builder.sslSocketFactory(trust.socketFactory(), trust);
        }
        return new ApiClient(builder.build(), url, null);
    }

    /** The same connection pool, authenticating each request with a fresh token from {@code tokens}. */
    public ApiClient withToken(Supplier<String> tokens) {
        return new ApiClient(http, base, tokens);
    }

    public ServerInfo info() throws IOException {
        return json(get("info"), ServerInfo.class);
    }

    // Resolver role

    @Override
    public Optional<AddressRecord> address(Sha256 addressHash) throws IOException {
        return optional(get("api/v1/records/address/" + addressHash.hex()), AddressRecord.class);
    }

    @Override
    public Optional<RoutingRecord> routing(Sha256 routingId) throws IOException {
        return optional(get("api/v1/records/routing/" + routingId.hex()), RoutingRecord.class);
    }

    @Override
    public Optional<OrganisationRecord> organisation(Sha256 organisationHash) throws IOException {
        return optional(get("api/v1/records/organisation/" + organisationHash.hex()), OrganisationRecord.class);
    }

    /** An old resolver, without key history, answers 404 for the path: no changes, so a chain walk fails safe. */
    @Override
    public java.util.List<org.mailv2.protocol.resolver.KeyChange> keyChanges(Sha256 addressHash) throws IOException {
        return optional(get("api/v1/records/address/" + addressHash.hex() + "/keys"), KeyChanges.class)
                .map(KeyChanges::changes).orElse(java.util.List.of());
    }

    public void publish(AddressRecordSubmission submission) throws IOException {
        discard(put("api/v1/records/address/" + submission.record().addressHash().hex(), submission));
    }

    public void publish(RoutingRecord record) throws IOException {
        discard(put("api/v1/records/routing/" + record.routingId().hex(), record));
    }

    public void publish(OrganisationRecordSubmission submission) throws IOException {
        discard(put("api/v1/records/organisation/" + submission.record().organisationHash().hex(), submission));
    }

    // Accounts and mail

    /** Keeps (replaces) this account's recovery copy at its server. */
    public void putRecoveryCopy(RecoveryCopyView copy) throws IOException {
        discard(put("api/v1/recovery", copy));
    }

    /**
     * The recovery copy of {@code account}, fetched with a recovery token ({@code Authorization: Mailv2-Recovery}).
     *
     * @throws ApiException {@code unauthorized} when the token is not the account's recovery key's (or it has no copy)
     */
    public RecoveryCopyView recoveryCopy(Sha256 account, String recoveryToken) throws IOException {
        return json(checked(http.newCall(new Request.Builder().url(url("api/v1/recovery/" + account.hex()))
                .header("Authorization", "Mailv2-Recovery " + recoveryToken).get().build()).execute()),
                RecoveryCopyView.class);
    }

    public void register(RegisterRequest request) throws IOException {
        discard(send(request("api/v1/accounts").post(body(request))));
    }

    public AccountView account() throws IOException {
        return json(get("api/v1/account"), AccountView.class);
    }

    /** Deletes the account here with all its mail, permits and queued deliveries. */
    public void deleteAccount() throws IOException {
        discard(send(request("api/v1/account").delete()));
    }

    /** Hands a sealed copy to the own server's outbox (authenticated); idempotent by message id. */
    public void submit(Envelope envelope, byte[] summary, ByteSource body) throws IOException {
        discard(send(sealed(request("api/v1/outbox"), envelope, summary, body)));
    }

    /** Delivers a sealed copy to the recipient's server (server to server); idempotent by message id. */
    public void deliver(Envelope envelope, byte[] summary, ByteSource body) throws IOException {
        discard(send(sealed(request("api/v1/incoming"), envelope, summary, body)));
    }

    public List<BoxView> boxes() throws IOException {
        return json(get("api/v1/boxes"), new TypeReference<List<BoxView>>() { });
    }

    public MessagePage list(String box, long afterCursor, int limit) throws IOException {
        HttpUrl url = url("api/v1/boxes/" + box + "/messages").newBuilder()
                .addQueryParameter("after", Long.toString(afterCursor))
                .addQueryParameter("limit", Integer.toString(limit)).build();
        return json(send(authenticated(new Request.Builder().url(url)).get()), MessagePage.class);
    }

    /** The account's changes after {@code since} (0: all), at most {@code limit}, oldest first. */
    public ChangePage changes(long since, int limit) throws IOException {
        HttpUrl url = url("api/v1/changes").newBuilder().addQueryParameter("since", Long.toString(since))
                .addQueryParameter("limit", Integer.toString(limit)).build();
        return json(send(authenticated(new Request.Builder().url(url)).get()), ChangePage.class);
    }

    public MessageView message(UUID id) throws IOException {
        return json(get("api/v1/messages/" + id), MessageView.class);
    }

    /** Streams a body ciphertext into {@code out}; returns the number of bytes. */
    public long body(UUID id, OutputStream out) throws IOException {
        try (Response response = send(request("api/v1/messages/" + id + "/body").get());
             InputStream in = response.body().byteStream()) {
            return in.transferTo(out);
        }
    }

    public void setFlags(UUID id, List<String> flags) throws IOException {
        discard(send(request("api/v1/messages/" + id + "/flags").put(body(Map.of("flags", flags)))));
    }

    public void move(UUID id, String box) throws IOException {
        discard(send(request("api/v1/messages/" + id + "/move").post(body(Map.of("box", box)))));
    }

    public void delete(UUID id) throws IOException {
        discard(send(request("api/v1/messages/" + id).delete()));
    }

    /**
     * Opens the account's new-mail stream, starting after inbox sequence {@code after}. Events arrive on a reader
     * thread until the returned handle is closed or the connection fails (then {@link NewMailListener#onClosed}).
     */
    public AutoCloseable events(long after, NewMailListener listener) {
        HttpUrl url = url("api/v1/events").newBuilder().addQueryParameter("after", Long.toString(after)).build();
        Request request = authenticated(new Request.Builder().url(url)).header("Accept", "text/event-stream").build();
        okhttp3.sse.EventSource source = okhttp3.sse.EventSources.createFactory(http.newBuilder()
                .readTimeout(Duration.ofSeconds(45)).callTimeout(Duration.ZERO).build()).newEventSource(request,
                new okhttp3.sse.EventSourceListener() {
                    @Override
                    public void onOpen(okhttp3.sse.EventSource s, Response response) {
                        listener.onOpen();
                    }

                    @Override
                    public void onEvent(okhttp3.sse.EventSource s, String id, String type, String data) {
                        if ("message".equals(type)) {
                            listener.onNewMail(Json.read(data.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                                    NewMailEvent.class));
                        } else if ("changed".equals(type)) {
                            listener.onChanged();
                        }
                    }

                    @Override
                    public void onClosed(okhttp3.sse.EventSource s) {
                        listener.onClosed(null);
                    }

                    @Override
                    public void onFailure(okhttp3.sse.EventSource s, Throwable t, Response response) {
                        Exception failure;
                        try {
                            failure = response != null && !response.isSuccessful() ? problem(response)
                                    : new IOException("event stream failed", t);
                        } catch (IOException e) {
                            failure = e;
                        }
                        listener.onClosed(failure);
                    }
                });
        return source::cancel;
    }

    /** Publishes (or replaces) the calling list account's descriptor in its server's directory. */
    public void publishList(org.mailv2.protocol.lists.ListDescriptor descriptor) throws IOException {
        discard(send(request("api/v1/list").put(body(descriptor))));
    }

    public void withdrawList() throws IOException {
        discard(send(request("api/v1/list").delete()));
    }

    /** The public lists a server publishes (unverified: check each against its list's record). */
    public List<org.mailv2.protocol.lists.ListDescriptor> directory() throws IOException {
        return json(get("directory/lists"),
                new TypeReference<List<org.mailv2.protocol.lists.ListDescriptor>>() { });
    }

    public PermitView createPermit(PermitRequest permit) throws IOException {
        return json(send(request("api/v1/permits").post(body(permit))), PermitView.class);
    }

    public List<PermitView> permits() throws IOException {
        return json(get("api/v1/permits"), new TypeReference<List<PermitView>>() { });
    }

    public void revokePermit(org.mailv2.protocol.permit.PermitId id) throws IOException {
        discard(send(request("api/v1/permits/" + id.text()).delete()));
    }

    /** Whether the own server screens first contacts of this account (protocol §9, "The screener"). */
    public ScreenerSetting screener() throws IOException {
        return json(get("api/v1/screener"), ScreenerSetting.class);
    }

    public void setScreener(ScreenerSetting setting) throws IOException {
        discard(put("api/v1/screener", setting));
    }

    /** The senders whose stamped mail this account's server files in the inbox rather than the screener. */
    public List<SenderRuleView> allowed() throws IOException {
        return json(get("api/v1/screener/allowed"), new TypeReference<List<SenderRuleView>>() { });
    }

    /** Allows a sender (idempotent); lifts a block of that sender. */
    public void allow(Sha256 senderHash) throws IOException {
        discard(send(request("api/v1/screener/allowed/" + senderHash.hex()).put(body(Map.of()))));
    }

    /** @throws ApiException {@code unknown_recipient} when the sender was not allowed */
    public void disallow(Sha256 senderHash) throws IOException {
        discard(send(request("api/v1/screener/allowed/" + senderHash.hex()).delete()));
    }

    /** The senders whose mail this account's server refuses with {@code blocked}. */
    public List<SenderRuleView> blocked() throws IOException {
        return json(get("api/v1/screener/blocked"), new TypeReference<List<SenderRuleView>>() { });
    }

    /** Blocks a sender (idempotent); takes it off the allow list. */
    public void block(Sha256 senderHash) throws IOException {
        discard(send(request("api/v1/screener/blocked/" + senderHash.hex()).put(body(Map.of()))));
    }

    /** @throws ApiException {@code unknown_recipient} when the sender was not blocked */
    public void unblock(Sha256 senderHash) throws IOException {
        discard(send(request("api/v1/screener/blocked/" + senderHash.hex()).delete()));
    }

    // Plumbing

    private Response get(String path) throws IOException {
        return send(request(path).get());
    }

    private Response put(String path, Object value) throws IOException {
        return send(request(path).put(body(value)));
    }

    private Request.Builder request(String path) {
        return authenticated(new Request.Builder().url(url(path)));
    }

    private Request.Builder authenticated(Request.Builder builder) {
        if (token != null) {
            builder.header("Authorization", "Mailv2 " + token.get());
        }
        return builder;
    }

    private HttpUrl url(String path) {
        HttpUrl url = base.resolve(path);
        if (url == null) {
            throw new IllegalArgumentException("bad path " + path);
        }
        return url;
    }

    private static RequestBody body(Object value) {
        return RequestBody.create(Json.write(value), JSON);
    }

    private static Request.Builder sealed(Request.Builder builder, Envelope envelope, byte[] summary, ByteSource body)
            throws IOException {
        long bodySize = body.size();
        return builder.header(SealedTransfer.ENVELOPE_HEADER, Base64Url.encode(envelope.toJson()))
                .post(new RequestBody() {
                    @Override
                    public MediaType contentType() {
                        return SEALED;
                    }

                    @Override
                    public long contentLength() {
                        return summary.length + bodySize;
                    }

                    @Override
                    public void writeTo(BufferedSink sink) throws IOException {
                        sink.write(summary);
                        try (InputStream in = body.open()) {
                            in.transferTo(sink.outputStream());
                        }
                    }
                });
    }

    private Response send(Request.Builder builder) throws IOException {
        Response first = http.newCall(builder.build()).execute();
        Response response = first;
        if (first.code() == 401 && token != null) {
            // Tokens are minted per request, so one refused is stale (a clock step, a restarted server): one more
            // go at once with a fresh one; a second refusal is the answer.
            first.close();
            response = http.newCall(authenticated(builder).build()).execute();
        }
        return checked(response);
    }

    private static Response checked(Response response) throws IOException {
        if (!response.isSuccessful() && response.code() != 404) {
            try (response) {
                throw problem(response);
            }
        }
        return response;
    }

    private static ApiException problem(Response response) throws IOException {
        ResponseBody body = response.body();
        byte[] bytes = body.source().peek().readByteArray(Math.min(body.contentLength() < 0 ? MAX_PROBLEM_BYTES
                : body.contentLength(), MAX_PROBLEM_BYTES));
        try {
            Problem p = Json.read(bytes, Problem.class);
            return new ApiException(codeOf(p.code(), response.code()), response.code(),
                    p.detail() == null ? p.title() : p.detail(), p.bits(), retryAfter(response));
        } catch (ProtocolException e) {
            return new ApiException(codeOf(null, response.code()), response.code(),
                    "HTTP " + response.code() + " without a problem document", null, retryAfter(response));
        }
    }

    /** How long a 429 or 503 asks to wait, in delta-seconds (the form mailv2 servers send); null otherwise. */
    static Duration retryAfter(Response response) {
        String value = response.header("Retry-After");
        if (value == null || (response.code() != 429 && response.code() != 503)) {
            return null;
        }
        try {
            long seconds = Long.parseLong(value.trim());
            return seconds < 0 ? null : Duration.ofSeconds(Math.min(seconds, Duration.ofDays(1).toSeconds()));
        } catch (NumberFormatException httpDate) {
            return null; // an HTTP-date: not sent by mailv2 servers; the caller's own backoff applies
        }
    }

    private static ErrorCode codeOf(String wire, int status) {
        if (wire != null) {
            try {
                return ErrorCode.fromWire(wire);
            } catch (IllegalArgumentException unknown) {
                // A newer server's code: fall back on the status below.
            }
        }
        return switch (status) {
            case 401 -> ErrorCode.UNAUTHORIZED;
            case 403 -> ErrorCode.FORBIDDEN;
            case 404 -> ErrorCode.UNKNOWN_RECIPIENT;
            case 409 -> ErrorCode.CONFLICT;
            case 410 -> ErrorCode.MOVED;
            case 413 -> ErrorCode.TOO_LARGE;
            case 429 -> ErrorCode.RATE_LIMITED;
            default -> status >= 500 ? ErrorCode.INTERNAL : ErrorCode.MALFORMED;
        };
    }

    private static void discard(Response response) throws IOException {
        try (response) {
            if (response.code() == 404) {
                throw problem(response);
            }
        }
    }

    private static <T> T json(Response response, Class<T> type) throws IOException {
        try (response) {
            if (response.code() == 404) {
                throw problem(response);
            }
            return answer(response, Json.mapper().getTypeFactory().constructType(type));
        }
    }

    private static <T> T json(Response response, TypeReference<T> type) throws IOException {
        try (response) {
            if (response.code() == 404) {
                throw problem(response);
            }
            return answer(response, Json.mapper().getTypeFactory().constructType(type));
        }
    }

    /** Reads a bounded answer with the strict rules; a broken answer is a protocol failure, not an I/O one. */
    private static <T> T answer(Response response, com.fasterxml.jackson.databind.JavaType type) throws IOException {
        ResponseBody body = response.body();
        if (body.contentLength() > MAX_ANSWER_BYTES) {
            throw new ProtocolException(ErrorCode.TOO_LARGE, "the server's answer is over " + MAX_ANSWER_BYTES
                    + " bytes");
        }
        try (com.fasterxml.jackson.core.JsonParser parser = ANSWERS.createParser(body.bytes())) {
            return Json.mapper().readValue(parser, type);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            ProtocolException inner = null;
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof ProtocolException p) {
                    inner = p;
                }
            }
            throw inner != null ? inner : new ProtocolException(ErrorCode.MALFORMED, "malformed answer from the server",
                    e);
        }
    }

    private static <T> Optional<T> optional(Response response, Class<T> type) throws IOException {
        try (response) {
            if (response.code() == 404) {
                return Optional.empty();
            }
            return Optional.of(Json.read(response.body().bytes(), type));
        }
    }

    // Moving an account to another server (protocol §7.6)

    /**
     * Registers the calling account here before it moves: the successor record is checked against the resolver's
     * current one and kept unpublished (unauthenticated, like {@link #register}).
     */
    public void arrive(MoveRequest request) throws IOException {
        discard(send(request("api/v1/arrivals").post(body(request))));
    }

    /**
     * Copies one sealed message into the account's box {@code box} with {@code flags} (authenticated), as it is: the
     * ciphertexts must match the envelope, whose recipient or sender is the account.
     *
     * @return true when it was stored now (201), false when the server had it already (200)
     */
    public boolean importCopy(Envelope envelope, byte[] summary, ByteSource body, String box,
                              java.util.Collection<String> flags) throws IOException {
        HttpUrl url = url("api/v1/import").newBuilder().addQueryParameter("box", box)
                .addQueryParameter("flags", String.join(",", new java.util.TreeSet<>(flags))).build();
        try (Response response = send(sealed(authenticated(new Request.Builder().url(url)), envelope, summary,
                body))) {
            if (response.code() == 404) {
                throw problem(response);
            }
            return response.code() == 201;
        }
    }

    /** Tells the old server that the account moved, with the record the resolver publishes now (authenticated). */
    public void moved(MovedNotice notice) throws IOException {
        discard(send(request("api/v1/account/moved").post(body(notice))));
    }
}
