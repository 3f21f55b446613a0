package io.paymenthub.hub.status;

import io.paymenthub.payment.StatusReport;
import io.paymenthub.payment.StatusReport.StatusUpdate;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Applies a payment status report (pacs.002) to the payments it names, in one transaction. A status for a payment
 * not stored here is kept in {@code payment_status_pending}, and applied when the payment arrives.
 */
@Component("applyStatusReport")
class ApplyStatusReportProcessor implements Processor {

    private static final String UPDATE = """
            update payment set status = ?, status_reason = ?, status_updated_at = now() where message_id = ?
            """;
    private static final String KEEP_PENDING = """
            insert into payment_status_pending (message_id, status, reason, report_id) values (?, ?, ?, ?)
            on conflict (message_id) do update
               set status = excluded.status, reason = excluded.reason, report_id = excluded.report_id, received_at = now()
            """;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;

    ApplyStatusReportProcessor(JdbcTemplate jdbc, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    @Override
    public void process(Exchange exchange) {
        StatusReport report = exchange.getMessage().getBody(StatusReport.class);
        transactions.executeWithoutResult(status -> {
            for (StatusUpdate update : report.updates()) {
                if (jdbc.update(UPDATE, update.status(), update.reason(), update.paymentMessageId()) == 0) {
                    jdbc.update(KEEP_PENDING, update.paymentMessageId(), update.status(), update.reason(), report.reportId());
                }
            }
        });
    }
}
