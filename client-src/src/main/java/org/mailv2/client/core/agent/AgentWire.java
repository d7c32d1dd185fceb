package org.mailv2.client.core.agent;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.mailv2.client.core.vault.VaultKey;
import org.mailv2.protocol.json.Json;
import org.mailv2.protocol.passphrase.Argon2idParameters;

/**
 * What goes over the agent's socket and pipe, one line each way: a request word ({@code key}, {@code ping},
 * {@code lock}) and an answer, the key as JSON ({@code memoryKiB, iterations, parallelism, salt, key}, base64).
 */
final class AgentWire {
    static final String KEY = "key";
    static final String PING = "ping";
    static final String LOCK = "lock";
    static final String OK = "ok";
    static final int MAX_LINE = 1024;

    private AgentWire() {
    }

    static String encode(VaultKey key) {
        Map<String, Object> fields = new LinkedHashMap<>();
        Argon2idParameters p = key.parameters();
        fields.put("memoryKiB", p.memoryKiB());
        fields.put("iterations", p.iterations());
        fields.put("parallelism", p.parallelism());
        fields.put("salt", Base64.getEncoder().encodeToString(p.salt()));
        byte[] bytes = key.exportKey();
        try {
            fields.put("key", Base64.getEncoder().encodeToString(bytes));
        } finally {
            java.util.Arrays.fill(bytes, (byte) 0);
        }
        return new String(Json.write(fields), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** @throws org.mailv2.protocol.error.ProtocolException {@code malformed} for anything but a key */
    static VaultKey decode(String line) {
        Map<?, ?> fields = Json.read(line.getBytes(java.nio.charset.StandardCharsets.UTF_8), Map.class);
        byte[] key = Base64.getDecoder().decode((String) fields.get("key"));
        try {
            return VaultKey.of(new Argon2idParameters(((Number) fields.get("memoryKiB")).intValue(),
                    ((Number) fields.get("iterations")).intValue(), ((Number) fields.get("parallelism")).intValue(),
                    Base64.getDecoder().decode((String) fields.get("salt"))), key);
        } catch (RuntimeException e) {
            throw new org.mailv2.protocol.error.ProtocolException(org.mailv2.protocol.error.ErrorCode.MALFORMED,
                    "not a vault key from the agent");
        } finally {
            java.util.Arrays.fill(key, (byte) 0);
        }
    }
}
