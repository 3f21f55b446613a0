package io.paymenthub.payment;

import java.util.List;

/**
 * A payment status report (ISO 20022 pacs.002): statuses for payments named by their idempotency key.
 *
 * @param reportId the report's own MsgId
 * @param updates  one per reported transaction
 */
public record StatusReport(String reportId, List<StatusUpdate> updates) {

    public StatusReport {
        updates = List.copyOf(updates);
    }

    /**
     * @param paymentMessageId the reported payment's {@code message_id}: OrgnlUETR, else OrgnlMsgId:OrgnlEndToEndId
     * @param status           the ISO 20022 status code, e.g. {@code ACSC}, {@code RJCT}
     * @param reason           the status reason code, e.g. {@code AC04}, or null
     */
    public record StatusUpdate(String paymentMessageId, String status, String reason) {
    }
}
