package io.paymenthub.hub.keys;

import java.util.List;

/**
 * Where the hub's keys live. A provider hands out every version it still holds; the newest of each purpose
 * protects new data, older ones only look up (PAN) or open (payload) what they protected.
 */
interface KeyProvider {

    /** {@code local}, {@code kms} or {@code secret}: the first part of the key ids it makes. */
    String name();

    /** Every held version, at least one per purpose (a provider that may create keys creates the first ones). */
    List<ManagedKey> load();

    /** Generates the next version of a purpose, which becomes its newest key. */
    ManagedKey create(KeyPurpose purpose);

    /** Destroys a version for good: whatever only it protected can no longer be looked up or opened. */
    void destroy(String keyId);
}
