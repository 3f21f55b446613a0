package io.paymenthub.hub.audit;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

/**
 * The hash that chains audit rows: {@code hash = hex(HMAC-SHA-256(audit key, prev_hash ‖ canonical(row)))}, where the
 * canonical form writes each field as {@code <UTF-8 byte length>:<value>;} in a fixed order, the audit key's id last,
 * so no two rows share one encoding. The first row's {@code prev_hash} is {@link #GENESIS}. Any change to a row
 * changes its hash and breaks the link of the row after it, and without the key nobody can compute a new one.
 * Rows written before the chain was keyed carry no key id and were hashed with plain SHA-256 ({@link #plainHash}).
 */
public final class AuditChain {

    public static final String GENESIS = "0".repeat(64);

    private AuditChain() {
    }

    /** The hash of a row hashed under the audit key {@code keyId}, whose secret is {@code key}. */
    public static String keyedHash(byte[] key, String keyId, String prevHash, long seq, Instant occurredAt, String actor,
                                   String roles, String action, String target, String outcome, String sourceIp,
                                   List<String> records, String detail) {
        StringBuilder canonical = canonical(prevHash, seq, occurredAt, actor, roles, action, target, outcome, sourceIp,
                records, detail);
        field(canonical, keyId);
        return HexFormat.of().formatHex(hmacSha256(key).doFinal(canonical.toString().getBytes(StandardCharsets.UTF_8)));
    }

    /** The former rule, for rows without a key id: {@code hex(SHA-256(prev_hash ‖ canonical(row)))}. */
    public static String plainHash(String prevHash, long seq, Instant occurredAt, String actor, String roles,
                                   String action, String target, String outcome, String sourceIp,
                                   List<String> records, String detail) {
        StringBuilder canonical = canonical(prevHash, seq, occurredAt, actor, roles, action, target, outcome, sourceIp,
                records, detail);
        return HexFormat.of().formatHex(sha256().digest(canonical.toString().getBytes(StandardCharsets.UTF_8)));
    }

    static String keyedHashOf(byte[] key, AuditEntry entry) {
        return keyedHash(key, entry.keyId(), entry.prevHash(), entry.seq(), entry.occurredAt(), entry.actor(), entry.roles(),
                entry.action(), entry.target(), entry.outcome(), entry.sourceIp(), entry.records(), entry.detail());
    }

    static String plainHashOf(AuditEntry entry) {
        return plainHash(entry.prevHash(), entry.seq(), entry.occurredAt(), entry.actor(), entry.roles(), entry.action(),
                entry.target(), entry.outcome(), entry.sourceIp(), entry.records(), entry.detail());
    }

    private static StringBuilder canonical(String prevHash, long seq, Instant occurredAt, String actor, String roles,
                                           String action, String target, String outcome, String sourceIp,
                                           List<String> records, String detail) {
        StringBuilder canonical = new StringBuilder(256).append(prevHash);
        field(canonical, Long.toString(seq));
        field(canonical, occurredAt.toString());
        field(canonical, actor);
        field(canonical, roles);
        field(canonical, action);
        field(canonical, target);
        field(canonical, outcome);
        field(canonical, sourceIp);
        field(canonical, Integer.toString(records.size()));
        records.forEach(record -> field(canonical, record));
        field(canonical, detail);
        return canonical;
    }

    private static void field(StringBuilder canonical, String value) {
        canonical.append(value.getBytes(StandardCharsets.UTF_8).length).append(':').append(value).append(';');
    }

    private static Mac hmacSha256(byte[] key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA-256 unavailable", e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
