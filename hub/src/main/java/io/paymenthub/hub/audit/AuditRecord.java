package io.paymenthub.hub.audit;

import io.paymenthub.carddata.PanMasking;

import java.util.List;
import java.util.Map;

/**
 * One thing to put on the audit trail (PCI DSS 10.2.2): who, which roles, what, on what, with which outcome, from
 * where, which payments. {@code detail} holds filters, counts and reasons — never card data. The chain is never
 * purged, so a card number typed into a path, a filter or a user name is truncated here, before it is clipped.
 */
public record AuditRecord(String actor, String roles, String action, String target, Outcome outcome, String sourceIp,
                          List<String> records, Map<String, Object> detail) {

    public enum Outcome { SUCCESS, FAILURE, DENIED }

    /** The actor of rows the hub writes on its own (grant expiry, retention purge). */
    public static final String HUB = "payment-hub";

    public AuditRecord {
        actor = clip(actor == null || actor.isBlank() ? "anonymous" : PanMasking.maskCardNumbers(actor), 200);
        roles = clip(roles == null ? "" : roles, 200);
        target = clip(target == null ? "" : PanMasking.maskCardNumbers(target), 500);
        sourceIp = clip(sourceIp == null ? "" : sourceIp, 64);
        records = records == null ? List.of() : records.stream().map(PanMasking::maskCardNumbers).toList();
        detail = detail == null ? Map.of() : detail;
    }

    private static String clip(String value, int max) {
        return value.length() <= max ? value : value.substring(0, max);
    }
}
