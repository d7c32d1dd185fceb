package org.mailv2.protocol.lists;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.mailv2.protocol.address.Address;
import org.mailv2.protocol.error.ErrorCode;
import org.mailv2.protocol.error.ProtocolException;
import org.mailv2.protocol.json.Jcs;
import org.mailv2.protocol.json.Json;
import org.mailv2.protocol.keys.Signature;
import org.mailv2.protocol.keys.SigningDomain;
import org.mailv2.protocol.keys.SigningPrivateKey;
import org.mailv2.protocol.keys.SigningPublicKey;

/**
 * A public mailing list as a server's directory shows it: the list's address (a list is an account), title,
 * description and whether subscribing needs an invitation; signed by the list account's key, so a directory cannot
 * forge or alter entries.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"version", "address", "title", "description", "inviteOnly", "serial", "signature"})
public record ListDescriptor(int version, String address, String title, String description, boolean inviteOnly,
                             long serial, Signature signature) {
    public static final int VERSION = 1;
    public static final int MAX_TITLE = 200;
    public static final int MAX_DESCRIPTION = 2000;

    public ListDescriptor {
        if (version != VERSION) {
            throw new ProtocolException(ErrorCode.UNSUPPORTED_VERSION, "list descriptor version " + version);
        }
        address = Address.parse(address).display();
        if (title == null || title.isBlank() || title.length() > MAX_TITLE) {
            throw new ProtocolException(ErrorCode.MALFORMED, "a list title is 1 to 200 characters");
        }
        description = description == null ? "" : description;
        if (description.length() > MAX_DESCRIPTION) {
            throw new ProtocolException(ErrorCode.TOO_LARGE, "a list description is at most 2000 characters");
        }
        if (serial < 1 || signature == null) {
            throw new ProtocolException(ErrorCode.MALFORMED, "a list descriptor is signed and has a serial");
        }
    }

    public static ListDescriptor create(Address list, String title, String description, boolean inviteOnly,
                                        long serial, SigningPrivateKey key) {
        ListDescriptor draft = new ListDescriptor(VERSION, list.display(), title, description, inviteOnly, serial,
                Signature.ofBytes(new byte[Signature.LENGTH]));
        return new ListDescriptor(VERSION, list.display(), title, description, inviteOnly, serial,
                key.sign(SigningDomain.LIST_DESCRIPTOR.message(draft.signedBytes())));
    }

    public static ListDescriptor parse(byte[] json) {
        return Json.read(json, ListDescriptor.class);
    }

    public byte[] toJson() {
        return Jcs.canonicalize(this);
    }

    @JsonIgnore
    public Address parsedAddress() {
        return Address.parse(address);
    }

    @JsonIgnore
    byte[] signedBytes() {
        var tree = (com.fasterxml.jackson.databind.node.ObjectNode) Json.toTree(this);
        tree.remove("signature");
        return Jcs.canonicalize(tree);
    }

    /** @throws ProtocolException {@code bad_signature} unless signed by {@code listKey} */
    public void verify(SigningPublicKey listKey) {
        listKey.verify(SigningDomain.LIST_DESCRIPTOR.message(signedBytes()), signature);
    }
}
