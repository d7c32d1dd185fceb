package org.mailv2.client.cli;

import org.mailv2.client.core.text.Plural;
import java.util.concurrent.Callable;
import org.mailv2.client.core.keyring.ContactPinning;
import org.mailv2.client.core.keyring.Keyring;
import org.mailv2.client.core.keyring.OwnAccount;
import org.mailv2.client.core.keyring.SafetyNumber;
import org.mailv2.client.core.session.ClientSession;
import org.mailv2.client.core.text.UntrustedText;
import org.mailv2.client.core.keyring.Contact;
import org.mailv2.protocol.address.Address;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.error.ProtocolException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code mailv2 contacts list|show|accept-key}: the keys pinned on first use, and the user's decision on changes. */
@Command(name = "contacts", mixinStandardHelpOptions = true, description = "Pinned contacts and their keys.",
        subcommands = {ContactsCommand.List.class, ContactsCommand.Show.class, ContactsCommand.Verify.class,
            ContactsCommand.AcceptKey.class})
final class ContactsCommand {
    @ParentCommand
    MailCli root;

    /** {@code mailv2 contacts list}. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists pinned contacts.")
    static final class List implements Callable<Integer> {
        @ParentCommand
        ContactsCommand contacts;

        @Spec
        CommandSpec spec;

        @picocli.CommandLine.Option(names = "--json",
                description = "Print as JSON (fields: address, keyId, status, serial).")
        boolean json;

        @Override
        public Integer call() throws Exception {
            var list = contacts.root.context().keyring().contacts();
            if (json) {
                spec.commandLine().getOut().println(UntrustedText.json(list.stream()
                        .map(c -> java.util.Map.of("address", c.address(), "keyId", c.signingKey().keyId().hex(),
                                "status", c.status().name().toLowerCase(java.util.Locale.ROOT), "serial", c.serial(),
                                "verified", c.verified()))
                        .toList()));
                return 0;
            }
            for (Contact c : list) {
                spec.commandLine().getOut().println(line(c));
            }
            return 0;
        }
    }

    /** {@code mailv2 contacts show ADDRESS}. */
    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Shows a contact's pinned keys and your safety number with them.")
    static final class Show implements Callable<Integer> {
        @ParentCommand
        ContactsCommand contacts;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0")
        String address;

        @picocli.CommandLine.Option(names = "--json", description = "Print as JSON (fields: address, status,"
                + " verified, signingKey, signingKeyId, encryptionKey, serial, pinnedAt, verifiedAt, offeredKeyId,"
                + " safetyNumber).")
        boolean json;

        @Override
        public Integer call() throws Exception {
            Contact c = contacts.root.context().keyring().contact(Address.parse(address)).orElseThrow(() ->
                    new ProtocolException(ErrorCode.UNKNOWN_RECIPIENT, "no pinned contact " + address));
            var out = spec.commandLine().getOut();
            if (json) {
                java.util.Map<String, Object> row = new java.util.LinkedHashMap<>();
                row.put("address", c.address());
                row.put("status", c.status().name().toLowerCase(java.util.Locale.ROOT));
                row.put("verified", c.verified());
                row.put("signingKey", c.signingKey().text());
                row.put("signingKeyId", c.signingKey().keyId().hex());
                row.put("encryptionKey", c.encryptionKey().text());
                row.put("serial", c.serial());
                row.put("pinnedAt", c.pinnedAt().toString());
                row.put("verifiedAt", c.verifiedAt() == null ? null : c.verifiedAt().toString());
                row.put("offeredKeyId", c.offeredKey() == null ? null : c.offeredKey().keyId().hex());
                row.put("rotatedAt", c.rotatedAt().map(Object::toString).orElse(null));
                row.put("pastKeyIds", c.pastKeys().stream().map(k -> k.signingKey().keyId().hex()).toList());
                row.put("safetyNumber", safetyNumber(contacts.root.context().keyring(), c).digits());
                out.println(UntrustedText.json(row));
                return 0;
            }
            out.println(line(c));
            out.println("  signing key    " + c.signingKey().text());
            out.println("  encryption key " + c.encryptionKey().text());
            out.println("  record serial  " + c.serial() + ", pinned " + c.pinnedAt());
            for (var past : c.pastKeys()) {
                out.println("  past key       " + past.signingKey().keyId().shortForm() + ", rotated away from on "
                        + past.retiredAt());
            }
            Keyring keyring = contacts.root.context().keyring();
            out.println("  safety number  (compare with " + c.address() + "'s; then `mailv2 contacts verify "
                    + c.address() + " NUMBER`)");
            for (String line : safetyNumber(keyring, c).displayLines()) {
                out.println("    " + line);
            }
            return 0;
        }
    }

    static SafetyNumber safetyNumber(Keyring keyring, Contact c) {
        OwnAccount me = keyring.currentAccount();
        return SafetyNumber.of(me.parsedAddress(), me.signingKey().publicKey(), c.parsedAddress(), c.signingKey());
    }

    /** {@code mailv2 contacts verify ADDRESS NUMBER}: marks a contact verified once the safety numbers match. */
    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Marks a contact verified: give the safety number they read to you (spaces allowed).")
    static final class Verify implements Callable<Integer> {
        @ParentCommand
        ContactsCommand contacts;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0")
        String address;

        @Parameters(index = "1..*", arity = "1..*", description = "The 60 digits, in groups or not.")
        java.util.List<String> number;

        @Override
        public Integer call() throws Exception {
            CliContext ctx = contacts.root.context();
            Address who = Address.parse(address);
            String typed = String.join(" ", number);
            Keyring changed = ctx.update(keyring -> {
                Contact c = ContactPinning.requireUsable(keyring, who);
                if (!safetyNumber(keyring, c).matches(typed)) {
                    throw new ProtocolException(ErrorCode.BAD_KEY, "the safety numbers differ: this is not the key "
                            + who.display() + " holds, or a digit was mistyped; nothing changed");
                }
                return keyring.withContact(c.withVerifiedAt(ctx.clock.instant()));
            });
            spec.commandLine().getOut().println(line(changed.contact(who).orElseThrow()));
            return 0;
        }
    }

    /** {@code mailv2 contacts accept-key ADDRESS}: trusts the keys the resolver shows now, after checking them. */
    @Command(name = "accept-key", mixinStandardHelpOptions = true,
            description = "Accepts a contact's changed keys (check them with the contact first); messages that"
                    + " waited on this are checked again.")
    static final class AcceptKey implements Callable<Integer> {
        @ParentCommand
        ContactsCommand contacts;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0")
        String address;

        @picocli.CommandLine.Option(names = "--key-id", description = "Take only this key (its id, or a prefix of at"
                + " least 8 hex digits): for scripts that know which key to expect.")
        String keyId;

        @Override
        public Integer call() throws Exception {
            try (ClientSession session = contacts.root.context().session()) {
                ClientSession.Accepted accepted = session.acceptKey(Address.parse(address), keyId);
                var out = spec.commandLine().getOut();
                out.println(line(accepted.contact()));
                if (accepted.reverified() > 0) {
                    out.println(Plural.of(accepted.reverified(), "waiting message") + (accepted.reverified() == 1 ? " now verifies" : " now verify"));
                }
            }
            return 0;
        }
    }

    static String line(Contact c) {
        return String.format("%-28s key %s  %s%s", c.address(), c.signingKey().keyId().shortForm(),
                c.status() == Contact.Status.KEY_CHANGED ? "KEY CHANGED — not accepted" + (c.offeredKey() == null ? ""
                        : " (offered key " + c.offeredKey().keyId().shortForm() + ")")
                        : c.verified() ? "verified (safety number checked)" : "pinned on first use",
                rotation(c));
    }

    /** "; alice! rotated keys on 2026-12-01" for a contact who did, as the keyring pane says it too. */
    static String rotation(Contact c) {
        return c.rotatedAt().map(at -> "; " + c.address() + " rotated keys on "
                + at.atZone(java.time.ZoneOffset.UTC).toLocalDate()).orElse("");
    }
}
