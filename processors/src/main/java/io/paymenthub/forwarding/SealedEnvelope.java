package io.paymenthub.forwarding;

import io.paymenthub.payment.MessageRejected;
import org.apache.camel.util.json.DeserializationException;
import org.apache.camel.util.json.JsonObject;
import org.apache.camel.util.json.Jsoner;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A message sealed for its home region, as it travels: one small JSON document that any source carrying bytes
 * (Kafka, SQS, HTTP, S3) delivers unchanged and the home region's hub recognises by its marker.
 * <pre>
 * {"hub_sealed_envelope":1, "message_id":"0200:001001:...", "source":"kafka", "format":"iso8583",
 *  "origin_country":"SG", "sender_region":"in", "home_region":"sg", "key_id":"local-forward-v1",
 *  "sealed_at":"2026-12-03T11:47:10Z", "algorithm":"HPKE-X25519-HKDF-SHA256-AES-256-GCM",
 *  "references":{"DE11":"001001","DE41":"TWO00001"}, "ciphertext":"base64"}
 * </pre>
 * Everything but the ciphertext is in clear, so the message can be found and routed; all of it is bound into the
 * ciphertext (HPKE context info), so a changed reference does not open.
 */
public record SealedEnvelope(String messageId, String source, String format, String originCountry,
                             String senderRegion, String homeRegion, String keyId, Instant sealedAt,
                             Map<String, String> references, byte[] ciphertext) {

    public static final String MARKER = "hub_sealed_envelope";
    public static final int VERSION = 1;
    private static final byte[] QUOTED_MARKER = ("\"" + MARKER + "\"").getBytes(StandardCharsets.US_ASCII);
    /** The marker is looked for in this many bytes from the opening brace. */
    private static final int MARKER_WITHIN = 64;

    public SealedEnvelope {
        Objects.requireNonNull(homeRegion, "homeRegion");
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(sealedAt, "sealedAt");
        references = references == null ? Map.of() : Map.copyOf(references);
        ciphertext = ciphertext == null ? new byte[0] : ciphertext.clone();
    }

    @Override
    public byte[] ciphertext() {
        return ciphertext.clone();
    }

    /** The wire form. */
    public byte[] toJson() {
        JsonObject json = new JsonObject(clearPart());
        json.put("ciphertext", Base64.getEncoder().encodeToString(ciphertext));
        return json.toJson().getBytes(StandardCharsets.UTF_8);
    }

    /** What the ciphertext is bound to: the clear part, in a fixed order (references sorted). */
    byte[] boundData() {
        return new JsonObject(clearPart()).toJson().getBytes(StandardCharsets.UTF_8);
    }

    private Map<String, Object> clearPart() {
        Map<String, Object> clear = new LinkedHashMap<>();
        clear.put(MARKER, VERSION);
        clear.put("message_id", messageId);
        clear.put("source", source);
        clear.put("format", format);
        clear.put("origin_country", originCountry);
        clear.put("sender_region", senderRegion);
        clear.put("home_region", homeRegion);
        clear.put("key_id", keyId);
        clear.put("sealed_at", sealedAt.toString());
        clear.put("algorithm", Hpke.ALGORITHM);
        clear.put("references", new JsonObject(new TreeMap<>(references)));
        return clear;
    }

    /**
     * Whether a body may be an envelope: a JSON object (after blanks) that opens with the marker, as every envelope
     * does. ISO 8583 and ISO 20022 never do, and nothing else is parsed as JSON, however large or hostile.
     */
    public static boolean mayBeSealed(byte[] body) {
        int first = 0;
        while (first < body.length && (body[first] == ' ' || body[first] == '\t' || body[first] == '\r' || body[first] == '\n')) {
            first++;
        }
        if (first == body.length || body[first] != '{') {
            return false;
        }
        int end = Math.min(body.length, first + MARKER_WITHIN) - QUOTED_MARKER.length;
        for (int at = first + 1; at <= end; at++) {
            if (matchesAt(body, at)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matchesAt(byte[] body, int at) {
        for (int i = 0; i < QUOTED_MARKER.length; i++) {
            if (body[at + i] != QUOTED_MARKER[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Reads a body that {@link #mayBeSealed may be} an envelope: null when it is not one (no marker, not JSON).
     * Callers check {@link #mayBeSealed} first: this parses the whole body.
     * @throws MessageRejected when it carries the marker but is not a whole envelope of a known version
     */
    public static SealedEnvelope read(byte[] body) {
        Object parsed;
        try {
            parsed = Jsoner.deserialize(new String(body, StandardCharsets.UTF_8));
        } catch (DeserializationException notJson) {
            return null;
        }
        if (!(parsed instanceof JsonObject json) || !json.containsKey(MARKER)) {
            return null;
        }
        if (!(json.get(MARKER) instanceof Number version) || version.intValue() != VERSION) {
            throw new MessageRejected(MARKER, "unknown envelope version (this hub reads version " + VERSION + ")");
        }
        if (json.get("algorithm") != null && !Hpke.ALGORITHM.equals(json.get("algorithm"))) {
            throw new MessageRejected("algorithm", "unknown algorithm (this hub opens " + Hpke.ALGORITHM + ")");
        }
        try {
            return new SealedEnvelope(text(json, "message_id"), text(json, "source"), text(json, "format"),
                    text(json, "origin_country"), text(json, "sender_region"), required(json, "home_region"),
                    required(json, "key_id"), Instant.parse(required(json, "sealed_at")), references(json),
                    Base64.getDecoder().decode(required(json, "ciphertext")));
        } catch (DateTimeParseException e) {
            throw new MessageRejected("sealed_at", "not an ISO-8601 instant");
        } catch (IllegalArgumentException e) {
            throw new MessageRejected("ciphertext", "not base64");
        }
    }

    private static String required(JsonObject json, String field) {
        String value = text(json, field);
        if (value == null || value.isBlank()) {
            throw new MessageRejected(field, "missing from the sealed envelope");
        }
        return value;
    }

    private static String text(JsonObject json, String field) {
        Object value = json.get(field);
        if (value != null && !(value instanceof String)) {
            throw new MessageRejected(field, "must be a string");
        }
        return (String) value;
    }

    private static Map<String, String> references(JsonObject json) {
        Object value = json.get("references");
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw new MessageRejected("references", "must be an object");
        }
        Map<String, String> references = new TreeMap<>();
        map.forEach((k, v) -> {
            if (!(v instanceof String s)) {
                throw new MessageRejected("references", "values must be strings");
            }
            references.put(k.toString(), s);
        });
        return references;
    }
}
