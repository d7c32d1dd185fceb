package org.mailv2.protocol.vectors;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Wycheproof hmac_sha256_test.json through the JDK's HmacSHA256 (jagged's age header MAC). The computed tag is
 * truncated to the group's {@code tagSize}; {@code valid} tags must match, {@code invalid} ones must not.
 */
@ExtendWith(TestVectors.Required.class)
class VectorHmacSha256Test {

    @TestFactory
    Stream<DynamicTest> wycheproofHmacSha256() {
        return WycheproofCase.dynamicTests("hmac_sha256_test.json", c -> {
            int tagBytes = c.groupInt("tagSize") / 8;
            byte[] computed = Arrays.copyOf(hmac(c.bytes("key"), c.bytes("msg")), tagBytes);
            assertThat(MessageDigest.isEqual(computed, c.bytes("tag"))).isEqualTo(c.isValid());
        });
    }

    static byte[] hmac(byte[] key, byte[] message) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(message);
    }
}
