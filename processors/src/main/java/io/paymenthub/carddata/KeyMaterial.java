package io.paymenthub.carddata;

import java.util.Objects;

/** A secret key and the id stored beside everything it protected, so keys can rotate. Never printed. */
public record KeyMaterial(String id, byte[] secret) {

    public static final int MINIMUM_BYTES = 16;

    public KeyMaterial {
        Objects.requireNonNull(id, "id");
        if (secret == null || secret.length < MINIMUM_BYTES) {
            throw new IllegalArgumentException("key '" + id + "' must be at least 128 bits");
        }
        secret = secret.clone();
    }

    @Override
    public byte[] secret() {
        return secret.clone();
    }

    @Override
    public String toString() {
        return "KeyMaterial[id=" + id + ", secret=redacted]";
    }
}
