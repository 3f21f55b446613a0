package io.paymenthub.hub.delivery;

import io.paymenthub.payment.Card;
import io.paymenthub.payment.Payment;
import io.paymenthub.residency.ResidencyDecision;
import io.paymenthub.residency.ResidencyDecision.Outcome;
import org.apache.camel.util.json.JsonObject;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Group commit into the datastore ({@link GroupCommit}): a future per row completes once its batch's single
 * transaction is committed.
 * A LOCAL payment goes to {@code payment}, idempotent on {@code message_id}, so a redelivered message adds
 * nothing; a FOREIGN or UNKNOWN decision goes to {@code residency_decision}, without the message id when FOREIGN.
 */
public final class PaymentWriter {

    static final String INSERT = """
            insert into payment (message_id, source, format, message_type, origin_country, region, residency_field,
                                 amount_minor, currency, pan_token, pan_key_id, pan_masked, message_refs,
                                 original_message_id, received_at, personal_data, mcc, status)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, cast(? as jsonb), ?, ?, cast(? as jsonb), ?, 'RECEIVED')
            on conflict (message_id) do nothing
            """;

    /** A status reported before its payment arrived (pacs.002 ahead of the payment) is applied on arrival. */
    static final String APPLY_PENDING_STATUS = """
            with applied as (
                delete from payment_status_pending s where s.message_id = any(?) returning s.*)
            update payment p set status = a.status, status_reason = a.reason, status_updated_at = now()
              from applied a where p.message_id = a.message_id
            """;

    static final String INSERT_DECISION = """
            insert into residency_decision (message_id, source, format, outcome, origin_country, region, deciding_field)
            values (?, ?, ?, ?, ?, ?, ?)
            on conflict do nothing
            """;

    /** One row to store: the protected payment, where it came from, and the residency decision taken for it. */
    public record Row(Payment payment, String source, ResidencyDecision decision) {
        public Row {
            if (payment.card() instanceof Card.ClearPan) {
                throw new IllegalArgumentException("a clear PAN never reaches the datastore");
            }
        }
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final GroupCommit<Row> commits;
    private final DatastoreCircuit circuit;

    public PaymentWriter(JdbcTemplate jdbc, TransactionTemplate transactions, int batchSize, DatastoreCircuit circuit) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.circuit = circuit;
        this.commits = new GroupCommit<>("payment-writer", batchSize, this::write);
    }

    public CompletableFuture<Void> submit(Row row) {
        return commits.submit(row);
    }

    /** The writer thread's life, started before Camel's consumers and stopped after them. */
    public GroupCommit<Row> lifecycle() {
        return commits;
    }

    private void write(List<Row> batch) {
        if (circuit.isOpen()) {
            throw new DatastoreUnavailable("datastore unreachable: circuit open for " + circuit.openForMillis() + " ms");
        }
        try {
            insert(batch);
        } catch (RuntimeException e) {
            circuit.failed(e);
            throw e;
        }
    }

    private void insert(List<Row> batch) {
        List<Row> payments = new ArrayList<>(batch.size());
        List<Row> decisions = new ArrayList<>();
        for (Row row : batch) {
            (row.decision().outcome() == Outcome.LOCAL ? payments : decisions).add(row);
        }
        transactions.executeWithoutResult(status -> {
            if (!payments.isEmpty()) {
                jdbc.batchUpdate(INSERT, payments, payments.size(), PaymentWriter::bind);
                String[] ids = payments.stream().map(row -> row.payment().messageId()).toArray(String[]::new);
                jdbc.update(connection -> {
                    var statement = connection.prepareStatement(APPLY_PENDING_STATUS);
                    statement.setArray(1, connection.createArrayOf("varchar", ids));
                    return statement;
                });
            }
            if (!decisions.isEmpty()) {
                jdbc.batchUpdate(INSERT_DECISION, decisions, decisions.size(), PaymentWriter::bindDecision);
            }
        });
    }

    private static void bindDecision(PreparedStatement ps, Row row) throws SQLException {
        ResidencyDecision decision = row.decision();
        ps.setString(1, decision.outcome() == Outcome.FOREIGN ? null : row.payment().messageId());
        ps.setString(2, row.source());
        ps.setString(3, row.payment().format().headerValue());
        ps.setString(4, decision.outcome().name());
        ps.setString(5, decision.originCountry());
        ps.setString(6, decision.region());
        ps.setString(7, decision.decidingField());
    }

    private static void bind(PreparedStatement ps, Row row) throws SQLException {
        Payment payment = row.payment();
        ResidencyDecision decision = row.decision();
        Card.ProtectedPan card = payment.card() instanceof Card.ProtectedPan p ? p : null;
        ps.setString(1, payment.messageId());
        ps.setString(2, row.source());
        ps.setString(3, payment.format().headerValue());
        ps.setString(4, payment.messageType());
        ps.setString(5, decision.originCountry());
        ps.setString(6, decision.region());
        ps.setString(7, decision.decidingField());
        if (payment.amountMinor() == null) {
            ps.setNull(8, Types.BIGINT);
        } else {
            ps.setLong(8, payment.amountMinor());
        }
        ps.setString(9, payment.currency());
        ps.setString(10, card == null ? null : card.token());
        ps.setString(11, card == null ? null : card.keyId());
        ps.setString(12, card == null ? null : card.masked());
        ps.setString(13, new JsonObject(payment.references()).toJson());
        ps.setString(14, payment.originalMessageId());
        ps.setTimestamp(15, Timestamp.from(payment.receivedAt()));
        ps.setString(16, new JsonObject(payment.personalData()).toJson());
        ps.setString(17, payment.merchantCategory());
    }
}
