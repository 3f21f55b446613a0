package io.paymenthub.hub.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The hash that chains audit rows: {@code hash = hex(SHA-256(prev_hash ‖ canonical(row)))}, where the canonical form
 * writes each field as {@code <UTF-8 byte length>:<value>;} in a fixed order, so no two rows share one encoding.
 * The first row's {@code prev_hash} is {@link #GENESIS}. Any change to a row changes its hash and breaks the link
 * of the row after it.
 */
public final class AuditChain {

    public static final String GENESIS = "0".repeat(64);

    private AuditChain() {
    }

    public static String hash(String prevHash, long seq, java.time.Instant occurredAt, String actor, String roles,
                              String action, String target, String outcome, String sourceIp,
                              java.util.List<String> records, String detail) {
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
        return HexFormat.of().formatHex(sha256().digest(canonical.toString().getBytes(StandardCharsets.UTF_8)));
    }

    static String hashOf(AuditEntry entry) {
        return hash(entry.prevHash(), entry.seq(), entry.occurredAt(), entry.actor(), entry.roles(), entry.action(),
                entry.target(), entry.outcome(), entry.sourceIp(), entry.records(), entry.detail());
    }

    private static void field(StringBuilder canonical, String value) {
        canonical.append(value.getBytes(StandardCharsets.UTF_8).length).append(':').append(value).append(';');
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
