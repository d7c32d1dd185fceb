package org.mailv2.server.e2e;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.mailv2.protocol.error.ErrorCode.MALFORMED;
import static org.mailv2.protocol.error.ErrorCode.TOKEN_EXPIRED;
import static org.mailv2.protocol.error.ErrorCode.TOO_LARGE;
import static org.mailv2.protocol.error.ErrorCode.UNAUTHORIZED;
import static org.mailv2.protocol.error.ErrorCode.UNKNOWN_RECIPIENT;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.mailv2.protocol.auth.AuthToken;
import org.mailv2.protocol.digest.Sha256;
import org.mailv2.protocol.keys.Base64Url;
import org.mailv2.protocol.keys.SigningDomain;
import org.mailv2.protocol.keys.SigningPrivateKey;

/** The matrix's JSON, encoding, token and path cases: requests that break the format before any crypto is reached. */
final class BadInputCases {
    private static final String PERMITS = "/api/v1/permits";
    private static final String SCREENER = "/api/v1/screener";
    private static final String BOXES = "/api/v1/boxes";

    private BadInputCases() {
    }

    static List<BadInputIT.Case> json(BadInputWorld w) {
        TestAccount bob = w.bob;
        String move = "/api/v1/messages/" + w.kept.messageId() + "/move";
        return new BadInputIT.Cases()
                .add("truncated document", 400, MALFORMED, () -> w.json("POST", "/api/v1/accounts", null, "{"))
                .add("duplicate key", 400, MALFORMED, () -> w.json("PUT", SCREENER, bob,
                        "{\"enabled\":true,\"enabled\":false}"))
                .add("trailing data after the document", 400, MALFORMED, () -> w.json("PUT", SCREENER, bob,
                        "{\"enabled\":false} {}"))
                .add("unknown field", 400, MALFORMED, () -> w.json("PUT", SCREENER, bob,
                        "{\"enabled\":false,\"admin\":true}"))
                .add("wrong type: a boolean as a string", 400, MALFORMED, () -> w.json("PUT", SCREENER, bob,
                        "{\"enabled\":\"false\"}"))
                .add("wrong type: a number as a boolean", 400, MALFORMED, () -> w.json("PUT", SCREENER, bob,
                        "{\"enabled\":0}"))
                .add("required field missing", 400, MALFORMED, () -> w.json("PUT", SCREENER, bob, "{}"))
                .add("the document is null", 400, MALFORMED, () -> w.json("POST", PERMITS, bob, "null"))
                .add("the document is null (registration)", 400, MALFORMED,
                        () -> w.json("POST", "/api/v1/accounts", null, "null"))
                .add("the document is null (screener)", 400, MALFORMED, () -> w.json("PUT", SCREENER, bob, "null"))
                .add("an array instead of an object", 400, MALFORMED, () -> w.json("POST", PERMITS, bob, "[]"))
                .add("a number that overflows (1e400)", 400, MALFORMED, () -> w.json("POST", move, bob,
                        "{\"box\":1e400}"))
                .add("nested 40 deep", 400, MALFORMED, () -> w.json("POST", move, bob,
                        "{\"box\":" + "[".repeat(40) + "]".repeat(40) + "}"))
                .add("not UTF-8", 400, MALFORMED, () -> w.json("POST", PERMITS, bob,
                        new byte[] {'{', '"', 'p', (byte) 0xff, '"', ':', '1', '}'}))
                .add("empty body", 400, MALFORMED, () -> w.json("POST", PERMITS, bob, new byte[0]))
                .add("wrong content type", 400, MALFORMED, () -> w.json("POST", PERMITS, bob, "text/plain",
                        permitJson(Base64Url.encode(new byte[16]), w.carol.address.hash().hex(), "contact")
                                .getBytes(UTF_8)))
                .add("over 256 KiB", 413, TOO_LARGE, () -> w.json("POST", PERMITS, bob, new byte[300 * 1024]))
                .add("over 256 KiB, before any account is known", 413, TOO_LARGE,
                        () -> w.json("POST", "/api/v1/accounts", null, new byte[300 * 1024]))
                .add("flags: a string instead of a list", 400, MALFORMED, () -> w.json("PUT",
                        "/api/v1/messages/" + w.kept.messageId() + "/flags", bob, "{\"flags\":\"seen\"}"))
                .add("permit purpose as a number", 400, MALFORMED, () -> w.json("POST", PERMITS, bob,
                        "{\"permitId\":\"" + Base64Url.encode(new byte[16]) + "\",\"senderHash\":\""
                                + w.carol.address.hash().hex() + "\",\"purpose\":1}"))
                .add("permit purpose unknown", 400, MALFORMED, () -> w.json("POST", PERMITS, bob,
                        permitJson(Base64Url.encode(new byte[16]), w.carol.address.hash().hex(), "friend")))
                .add("list descriptor with an unknown field", 400, MALFORMED, () -> w.json("PUT", "/api/v1/list",
                        bob, "{\"version\":1,\"address\":\"bob!\",\"title\":\"t\",\"description\":\"d\","
                                + "\"inviteOnly\":false,\"serial\":1,\"signature\":\"x\",\"owner\":\"me\"}"))
                .list();
    }

    static List<BadInputIT.Case> encodings(BadInputWorld w) {
        TestAccount bob = w.bob;
        String carol = w.carol.address.hash().hex();
        return new BadInputIT.Cases()
                .add("permit id of 15 bytes", 400, MALFORMED, () -> w.json("POST", PERMITS, bob,
                        permitJson(Base64Url.encode(new byte[15]), carol, "contact")))
                .add("permit id padded (standard base64)", 400, MALFORMED, () -> w.json("POST", PERMITS, bob,
                        permitJson("AAECAwQFBgcICQoLDA0ODw==", carol, "contact")))
                .add("permit id with + and /", 400, MALFORMED, () -> w.json("POST", PERMITS, bob,
                        permitJson("+/ECAwQFBgcICQoLDA0ODw", carol, "contact")))
                .add("permit id not canonical (last character's spare bits set)", 400, MALFORMED,
                        () -> w.json("POST", PERMITS, bob, permitJson("AAECAwQFBgcICQoLDA0ODx", carol, "contact")))
                .add("sender hash in upper case", 400, MALFORMED, () -> w.json("POST", PERMITS, bob,
                        permitJson(Base64Url.encode(new byte[16]), carol.toUpperCase(java.util.Locale.ROOT),
                                "contact")))
                .add("sender hash of 63 hex digits", 400, MALFORMED, () -> w.json("POST", PERMITS, bob,
                        permitJson(Base64Url.encode(new byte[16]), carol.substring(1), "contact")))
                .add("permit id in the path not base64url", 400, MALFORMED,
                        () -> w.raw.send("DELETE", PERMITS + "/not*base64url*at*all", null, null,
                                "Authorization", w.token(bob)))
                .add("record hash in the path in upper case", 400, MALFORMED,
                        () -> w.get("/api/v1/records/address/" + carol.toUpperCase(java.util.Locale.ROOT), null))
                .add("record hash in the path of 65 digits", 400, MALFORMED,
                        () -> w.get("/api/v1/records/address/" + carol + "0", null))
                .add("screener sender hash not hex", 400, MALFORMED,
                        () -> w.raw.send("PUT", SCREENER + "/blocked/" + "z".repeat(64), "application/json",
                                "{}".getBytes(UTF_8), "Authorization", w.token(bob)))
                .list();
    }

    static List<BadInputIT.Case> tokens(BadInputWorld w) {
        TestAccount alice = w.alice;
        Sha256 here = w.server.routingId();
        Instant now = Instant.now();
        SigningPrivateKey eve = SigningPrivateKey.generate(new java.security.SecureRandom());
        String good = AuthToken.issue(alice.signing, alice.address.hash(), here, Clock.systemUTC(),
                Duration.ofMinutes(5));
        String claims = good.substring(0, good.indexOf('.'));
        String signature = good.substring(good.indexOf('.') + 1);
        return new BadInputIT.Cases()
                .add("none", 401, UNAUTHORIZED, () -> w.get(BOXES, null))
                .add("another scheme (Bearer)", 401, UNAUTHORIZED, () -> boxes(w, "Bearer " + good))
                .add("garbage", 401, UNAUTHORIZED, () -> boxes(w, "Mailv2 garbage"))
                .add("expired an hour ago", 401, TOKEN_EXPIRED, () -> boxes(w, "Mailv2 " + AuthToken.issue(
                        alice.signing, alice.address.hash(), here,
                        Clock.fixed(now.minus(Duration.ofHours(1)), ZoneOffset.UTC), Duration.ofMinutes(5))))
                .add("issued an hour in the future", 401, TOKEN_EXPIRED, () -> boxes(w, "Mailv2 " + AuthToken.issue(
                        alice.signing, alice.address.hash(), here,
                        Clock.fixed(now.plus(Duration.ofHours(1)), ZoneOffset.UTC), Duration.ofMinutes(5))))
                .add("expired, on the event stream", 401, TOKEN_EXPIRED, () -> w.raw.send("GET", "/api/v1/events",
                        null, null, "Authorization", "Mailv2 " + AuthToken.issue(alice.signing,
                                alice.address.hash(), here, Clock.fixed(now.minus(Duration.ofHours(1)),
                                        ZoneOffset.UTC), Duration.ofMinutes(5))))
                .add("valid for an hour (over 15 minutes)", 401, UNAUTHORIZED, () -> boxes(w, "Mailv2 "
                        + Forgeries.token(alice.signing, SigningDomain.AUTH_TOKEN, alice.address.hash(), here, now,
                        now.plus(Duration.ofHours(1)))))
                .add("for another server", 401, UNAUTHORIZED, () -> boxes(w, "Mailv2 " + AuthToken.issue(
                        alice.signing, alice.address.hash(), Sha256.hash("another server"), Clock.systemUTC(),
                        Duration.ofMinutes(5))))
                .add("for alice, signed by mallory", 401, UNAUTHORIZED, () -> boxes(w, "Mailv2 " + AuthToken.issue(
                        w.mallory.signing, alice.address.hash(), here, Clock.systemUTC(), Duration.ofMinutes(5))))
                .add("signed under the envelope domain", 401, UNAUTHORIZED, () -> boxes(w, "Mailv2 "
                        + Forgeries.token(alice.signing, SigningDomain.ENVELOPE, alice.address.hash(), here, now,
                        now.plus(Duration.ofMinutes(5)))))
                .add("for an account not hosted here", 401, UNAUTHORIZED, () -> boxes(w, "Mailv2 " + AuthToken.issue(
                        eve, Sha256.hash("eve!"), here, Clock.systemUTC(), Duration.ofMinutes(5))))
                .add("claims in padded base64", 401, UNAUTHORIZED, () -> boxes(w, "Mailv2 "
                        + java.util.Base64.getUrlEncoder().encodeToString(
                                java.util.Base64.getUrlDecoder().decode(claims)) + "."
                        + signature))
                .add("signature with one bit flipped", 401, UNAUTHORIZED, () -> boxes(w, "Mailv2 " + claims + "."
                        + Forgeries.flipped(org.mailv2.protocol.keys.Signature.parse(signature)).text()))
                .add("claims are the JSON null", 401, UNAUTHORIZED, () -> boxes(w, "Mailv2 "
                        + Base64Url.encode("null".getBytes(UTF_8)) + "." + signature))
                .add("over 1024 characters", 401, UNAUTHORIZED, () -> boxes(w, "Mailv2 " + claims + "."
                        + "A".repeat(1100)))
                .list();
    }

    static List<BadInputIT.Case> paths(BadInputWorld w) {
        TestAccount alice = w.alice;
        TestAccount bob = w.bob;
        String kept = w.kept.messageId();
        return new BadInputIT.Cases()
                .add("message id in upper case", 400, MALFORMED,
                        () -> w.rawGet("/api/v1/messages/" + kept.toUpperCase(java.util.Locale.ROOT), bob))
                .add("message id as encoded dot segments (%2e%2e%2f)", 400, MALFORMED,
                        () -> w.rawGet("/api/v1/messages/%2e%2e%2f%2e%2e%2finfo", bob))
                .add("box with an encoded slash (..%2Fsent)", 400, MALFORMED,
                        () -> w.rawGet("/api/v1/boxes/..%2Fsent/messages", bob))
                .add("dot segments above the root", 400, MALFORMED,
                        () -> w.rawGet("/../../../etc/passwd", null))
                .add("an encoded NUL in a record hash", 400, MALFORMED,
                        () -> w.rawGet("/api/v1/records/address/%00", null))
                .add("overlong UTF-8 dots (%c0%ae)", 400, MALFORMED,
                        () -> w.rawGet("/api/v1/boxes/%c0%ae%c0%ae/messages", bob))
                .add("a broken percent escape (%zz)", 400, MALFORMED,
                        () -> w.rawGet("/api/v1/boxes/%zz/messages", bob))
                .add("box name in upper case", 400, MALFORMED, () -> w.get(BOXES + "/INBOX/messages", bob))
                .add("box name of 65 characters", 400, MALFORMED,
                        () -> w.get(BOXES + "/" + "a".repeat(65) + "/messages", bob))
                .add("limit=0", 400, MALFORMED, () -> w.get(BOXES + "/inbox/messages?limit=0", bob))
                .add("after=-1", 400, MALFORMED, () -> w.get(BOXES + "/inbox/messages?after=-1", bob))
                .add("limit of 20 digits", 400, MALFORMED,
                        () -> w.get(BOXES + "/inbox/messages?limit=99999999999999999999", bob))
                .add("event stream after=abc", 400, MALFORMED, () -> w.get("/api/v1/events?after=abc", bob))
                .add("another account's message body", 404, UNKNOWN_RECIPIENT,
                        () -> w.get("/api/v1/messages/" + kept + "/body", alice))
                .add("another account's message, deleted", 404, UNKNOWN_RECIPIENT,
                        () -> w.raw.send("DELETE", "/api/v1/messages/" + kept, null, null, "Authorization",
                                w.token(alice)))
                .add("move to ../sent", 400, MALFORMED, () -> w.json("POST", "/api/v1/messages/" + kept + "/move",
                        bob, "{\"box\":\"../sent\"}"))
                .add("flag that does not exist", 400, MALFORMED, () -> w.json("PUT",
                        "/api/v1/messages/" + kept + "/flags", bob, "{\"flags\":[\"deleted\"]}"))
                .add("blocking oneself", 400, MALFORMED, () -> w.json("PUT",
                        SCREENER + "/blocked/" + bob.address.hash().hex(), bob, "{}"))
                .add("unblocking a sender never blocked", 404, UNKNOWN_RECIPIENT, () -> w.raw.send("DELETE",
                        SCREENER + "/blocked/" + w.carol.address.hash().hex(), null, null, "Authorization",
                        w.token(bob)))
                .add("no such endpoint", 404, UNKNOWN_RECIPIENT, () -> w.get("/api/v2/boxes", bob))
                .add("a method the endpoint lacks (DELETE /info)", 404, UNKNOWN_RECIPIENT,
                        () -> w.raw.send("DELETE", "/info", null, null))
                .list();
    }

    static String permitJson(String id, String senderHash, String purpose) {
        return "{\"permitId\":\"" + id + "\",\"senderHash\":\"" + senderHash + "\",\"purpose\":\"" + purpose + "\"}";
    }

    private static RawClient.Answer boxes(BadInputWorld w, String authorization) throws java.io.IOException {
        return w.raw.send("GET", BOXES, null, null, "Authorization", authorization);
    }
}
