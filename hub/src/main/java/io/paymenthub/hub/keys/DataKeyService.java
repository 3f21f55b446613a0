package io.paymenthub.hub.keys;

import java.util.Map;

/**
 * The two calls envelope encryption needs from a key management service: a fresh data key (clear and wrapped under
 * the master key) and the unwrapping of a stored one. The master key never leaves the service.
 */
interface DataKeyService {

    /** A new 256-bit data key; {@code context} is bound to the wrapped form and must be given again to unwrap it. */
    DataKey generate(Map<String, String> context);

    /** The clear data key of a wrapped one, under the master key that wrapped it. */
    byte[] unwrap(String masterKeyId, byte[] wrapped, Map<String, String> context);

    /** @param masterKeyId the master key that wrapped it (its ARN for AWS KMS) */
    record DataKey(byte[] plaintext, byte[] wrapped, String masterKeyId) {
        @Override
        public String toString() {
            return "DataKey[masterKeyId=" + masterKeyId + ", plaintext=redacted]";
        }
    }
}
