package org.mailv2.server.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.mailv2.protocol.address.Address;
import org.mailv2.protocol.api.ApiClient;
import org.mailv2.protocol.api.MessageView;
import org.mailv2.protocol.api.PermitRequest;
import org.mailv2.protocol.api.RegisterRequest;
import org.mailv2.protocol.auth.AuthToken;
import org.mailv2.protocol.keys.EncryptionIdentity;
import org.mailv2.protocol.keys.SigningPrivateKey;
import org.mailv2.protocol.permit.Permit;
import org.mailv2.protocol.permit.PermitId;
import org.mailv2.protocol.pow.Stamp;
import org.mailv2.protocol.pow.StampHeader;
import org.mailv2.protocol.pow.StampSolver;
import org.mailv2.protocol.resolver.AddressRecord;
import org.mailv2.protocol.seal.Attachment;
import org.mailv2.protocol.seal.AttachmentSink;
import org.mailv2.protocol.seal.ByteSource;
import org.mailv2.protocol.seal.Envelope;
import org.mailv2.protocol.seal.InnerMessage;
import org.mailv2.protocol.seal.MessageOpener;
import org.mailv2.protocol.seal.MessageSealer;
import org.mailv2.protocol.seal.OpenedMessage;
import org.mailv2.protocol.seal.SealedMessage;
import org.mailv2.protocol.seal.Summary;
import org.mailv2.protocol.seal.VerifiedEnvelope;
import org.mailv2.server.app.RunningServer;

/**
 * A user in an end-to-end story: registers at a server with real keys and a real stamp, then seals, stamps, sends
 * and reads mail through the real API client, as the client will.
 */
public final class TestAccount {
    private static final SecureRandom RANDOM = new SecureRandom();

    final Address address;
    final SigningPrivateKey signing;
    final EncryptionIdentity encryption;
    final ServerEndpoint home;
    final ServerEndpoint resolver;
    final ApiClient api;

    private TestAccount(Address address, SigningPrivateKey signing, EncryptionIdentity encryption, ServerEndpoint home,
                        ServerEndpoint resolver) {
        this.address = address;
        this.signing = signing;
        this.encryption = encryption;
        this.home = home;
        this.resolver = resolver;
        this.api = ApiClient.connect(home.url(), home.certificatePin())
                .withToken(() -> AuthToken.issue(signing, address.hash(), home.routingId(), Clock.systemUTC(),
                        Duration.ofMinutes(5)));
    }

    /** Registers at a server that runs its own resolver. */
    public static TestAccount register(RunningServer home, String address) throws IOException {
        return register(home, home, address);
    }

    public static TestAccount register(RunningServer home, RunningServer resolver, String address) throws IOException {
        return register(home, resolver, address, null);
    }

    public static TestAccount register(RunningServer home, RunningServer resolver, String address, String invitation)
            throws IOException {
        return register(ServerEndpoint.of(home), ServerEndpoint.of(resolver), address, invitation);
    }

    /** Registers at {@code home} (in this JVM or another process), which publishes the record at {@code resolver}. */
    public static TestAccount register(ServerEndpoint home, ServerEndpoint resolver, String address)
            throws IOException {
        return register(home, resolver, address, null);
    }

    public static TestAccount register(ServerEndpoint home, ServerEndpoint resolver, String address, String invitation)
            throws IOException {
        TestAccount account = new TestAccount(Address.parse(address), SigningPrivateKey.generate(RANDOM),
                EncryptionIdentity.generate(RANDOM), home, resolver);
        AddressRecord record = AddressRecord.create(account.address.hash(), account.signing,
                account.encryption.recipient(), home.routingId());
        Stamp stamp = solve(record.creationStampHeader(TestServers.ACCOUNT_BITS, today()));
        account.api.register(new RegisterRequest(record, stamp, invitation));
        return account;
    }

    /** The same account after its server restarted (at a new port), or as another replica of its server serves it. */
    public TestAccount at(RunningServer restartedHome) {
        return at(ServerEndpoint.of(restartedHome));
    }

    public TestAccount at(ServerEndpoint restartedHome) {
        return new TestAccount(address, signing, encryption, restartedHome,
                resolver.equals(home) ? restartedHome : resolver);
    }

    /** A sealed, stamped, signed copy for {@code to}, not yet sent. */
    public Sealed seal(TestAccount to, String subject, String text) throws IOException {
        return seal(to, subject, text, null, TestServers.MESSAGE_BITS);
    }

    /** As {@link #seal(TestAccount, String, String)}, with a file attached (a large one takes a while to relay). */
    public Sealed seal(TestAccount to, String subject, String text, Attachment attachment) throws IOException {
        return seal(to, subject, text, List.of(attachment), null, TestServers.MESSAGE_BITS);
    }

    public Sealed seal(TestAccount to, String subject, String text, PermitId permit, int bits) throws IOException {
        return seal(to, subject, text, List.of(), permit, bits);
    }

    private Sealed seal(TestAccount to, String subject, String text, List<Attachment> attachments, PermitId permit,
                        int bits) throws IOException {
        InnerMessage message = new InnerMessage(address, null, List.of(to.address), List.of(), List.of(), subject,
                Instant.now().truncatedTo(ChronoUnit.SECONDS), UUID.randomUUID() + "@test", null, List.of(), null,
                text, attachments);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        SealedMessage sealed = new MessageSealer(signing.keyId(), RANDOM)
                .seal(message, to.address, to.encryption.recipient(), body);
        Stamp stamp = permit != null ? null : solve(new StampHeader(bits, today(), address.hash(), to.address.hash(),
                sealed.envelope().digest()));
        Envelope envelope = sealed.envelope().sign(signing, stamp, permit);
        return new Sealed(envelope, sealed.summaryCiphertext(), body.toByteArray());
    }

    public void submit(Sealed sealed) throws IOException {
        api.submit(sealed.envelope(), sealed.summary(), ByteSource.of(sealed.body()));
    }

    public Sealed send(TestAccount to, String subject, String text) throws IOException {
        Sealed sealed = seal(to, subject, text);
        submit(sealed);
        return sealed;
    }

    /** The envelope's message id of each message in the inbox, in the server's order. */
    public List<String> inboxIds() throws IOException {
        return inbox().stream().map(m -> m.envelope().messageId()).toList();
    }

    public List<MessageView> inbox() throws IOException {
        return api.list("inbox", 0, 100).messages();
    }

    /**
     * What was delivered to this account, wherever the server filed it: the inbox and the screener box (where stamped
     * mail from senders this account has not allowed waits), in the server's order.
     */
    public List<MessageView> received() throws IOException {
        List<MessageView> all = new java.util.ArrayList<>(inbox());
        all.addAll(api.list("screener", 0, 100).messages());
        all.sort(java.util.Comparator.comparingLong(MessageView::sequence));
        return all;
    }

    /** The envelope's message id of each message {@link #received()}, in the server's order. */
    public List<String> receivedIds() throws IOException {
        return received().stream().map(m -> m.envelope().messageId()).toList();
    }

    /** Opens a listed message with this account's key, verifying it against the sender's resolver record. */
    public Read read(MessageView view) throws IOException {
        Envelope envelope = view.envelope();
        MessageOpener opener = new MessageOpener(address, encryption);
        VerifiedEnvelope verified = verify(opener, envelope);
        Summary summary = opener.openSummary(verified, view.summaryBytes());
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        api.body(UUID.fromString(envelope.messageId()), body);
        OpenedMessage opened = opener.openBody(verified, ByteSource.of(body.toByteArray()), AttachmentSink.DISCARD);
        return new Read(summary, opened);
    }

    /** Opens only the summary of a listed message (no body download), verifying it as {@link #read} does. */
    public Summary readSummary(MessageView view) throws IOException {
        MessageOpener opener = new MessageOpener(address, encryption);
        return opener.openSummary(verify(opener, view.envelope()), view.summaryBytes());
    }

    private VerifiedEnvelope verify(MessageOpener opener, Envelope envelope) throws IOException {
        AddressRecord sender = ApiClient.connect(resolver.url(), resolver.certificatePin()).address(envelope.fromHash())
                .orElseThrow();
        return opener.verify(envelope, sender.signingKey());
    }

    public PermitId permit(TestAccount sender) throws IOException {
        PermitId id = PermitId.random(RANDOM);
        api.createPermit(new PermitRequest(id, sender.address.hash(), Permit.Purpose.CONTACT));
        return id;
    }

    static Stamp solve(StampHeader header) {
        return new StampSolver(1).solve(header, RANDOM.nextLong() >>> 1, null);
    }

    static LocalDate today() {
        return LocalDate.now(ZoneOffset.UTC);
    }

    public record Sealed(Envelope envelope, byte[] summary, byte[] body) {
        public String messageId() {
            return envelope.messageId();
        }
    }

    public record Read(Summary summary, OpenedMessage message) {
    }
}
