package io.paymenthub.hub.keys;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a key protects. Key ids name provider, purpose and version, e.g. {@code local-pan-v2}, {@code kms-payload-v1};
 * the highest version of a purpose is its newest key.
 */
public enum KeyPurpose {
    /** HMAC-SHA-256 key of {@code pan_token}. */
    PAN("pan", "HmacSHA256"),
    /** AES-256-GCM key sealing kept payloads (dead letters, quarantine). */
    PAYLOAD("payload", "AES", true),
    /**
     * X25519 private key (32 random bytes) opening messages other regions sealed for this one; they hold only its
     * public half. Optional: a hub without one stores and forwards, but opens no envelope.
     */
    FORWARD("forward", "X25519", false),
    /**
     * HMAC-SHA-256 key chaining the audit trail ({@code audit_event}): a row's hash is keyed, so whoever can write the
     * table but does not hold this key cannot recompute a chain. Never the PAN or payload key.
     */
    AUDIT("audit", "HmacSHA256");

    private static final Pattern ID = Pattern.compile("([a-z0-9]+)-(pan|payload|forward|audit)-v([1-9][0-9]{0,8})");

    private final String label;
    private final String algorithm;
    private final boolean required;

    KeyPurpose(String label, String algorithm) {
        this(label, algorithm, true);
    }

    KeyPurpose(String label, String algorithm, boolean required) {
        this.label = label;
        this.algorithm = algorithm;
        this.required = required;
    }

    /** Whether a provider must hold a version of it for the hub to start. */
    boolean required() {
        return required;
    }

    public String label() {
        return label;
    }

    /** The JCA name of the key's algorithm. */
    public String algorithm() {
        return algorithm;
    }

    /** What a version of this purpose is used for: the newest makes new protected values, older ones only read them. */
    public String use(boolean newest) {
        return switch (this) {
            case PAN -> newest ? "tokenize and look up" : "look up only";
            case PAYLOAD -> newest ? "seal and open" : "open only";
            case FORWARD -> newest ? "open; its public half is exported" : "open only";
            case AUDIT -> newest ? "chain and verify audit rows" : "verify audit rows only";
        };
    }

    String keyId(String provider, int version) {
        return provider + "-" + label + "-v" + version;
    }

    public static KeyPurpose of(String label) {
        for (KeyPurpose purpose : values()) {
            if (purpose.label.equalsIgnoreCase(label)) {
                return purpose;
            }
        }
        throw new IllegalArgumentException("unknown key purpose '" + label + "' (pan, payload, forward or audit)");
    }

    /** A versioned key id of the given provider, e.g. {@code local-pan-v2}; empty for any other name. */
    static Optional<ParsedId> parse(String provider, String keyId) {
        Matcher m = ID.matcher(keyId);
        if (!m.matches() || !m.group(1).equals(provider)) {
            return Optional.empty();
        }
        return Optional.of(new ParsedId(of(m.group(2)), Integer.parseInt(m.group(3))));
    }

    record ParsedId(KeyPurpose purpose, int version) {
    }
}
