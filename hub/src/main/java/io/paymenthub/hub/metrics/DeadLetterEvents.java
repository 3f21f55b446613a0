package io.paymenthub.hub.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.paymenthub.hub.delivery.DatastoreCircuit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.util.regex.Pattern;

/**
 * Every message sent to its source's dead-letter place: counted ({@code hub.dead.letters{source}}) and recorded as a
 * row of {@code dead_letter_event}, which the dashboard reads, so every pod and every restart shows the same counts.
 * A row holds the source and a reason that is at most a field name, never a value from the message:
 * {@code "DE11: required"} → {@code DE11}, {@code "GrpHdr/MsgId"} → {@code GrpHdr/MsgId},
 * {@code "DE2 4111111111111111"} → {@code unnamed}.
 *
 * <p>The row is inserted directly, on the dead-letter path's own thread: no queue to lose on a crash or drain on
 * shutdown, and the row is written before the source acknowledges. It is best effort and bounded: a one-second
 * statement timeout, the pool's short connection timeout, and none at all while the {@link DatastoreCircuit} is
 * open, so a datastore outage costs the dead letter a warning, never its delivery.
 */
public final class DeadLetterEvents {

    static final int STATEMENT_TIMEOUT_SECONDS = 1;
    static final String UNNAMED = "unnamed";
    private static final String INSERT = "insert into dead_letter_event (source, reason) values (?, ?)";
    /** A field name as the parsers give them (MTI, DE11, GrpHdr/MsgId, Amt/@Ccy); anything else is not kept. */
    private static final Pattern FIELD_NAME = Pattern.compile("[A-Za-z@][A-Za-z0-9_@./\\[\\]-]{0,119}");
    /** Field names have short numbers (DE128); a longer run of digits may be part of a card number. */
    private static final Pattern DIGIT_RUN = Pattern.compile("\\d{6,}");
    private static final Pattern SOURCE = Pattern.compile("[A-Za-z0-9_.-]{1,32}");
    private static final Logger log = LoggerFactory.getLogger(DeadLetterEvents.class);

    private final JdbcTemplate jdbc;
    private final MeterRegistry meters;
    private final DatastoreCircuit circuit;

    public DeadLetterEvents(DataSource dataSource, MeterRegistry meters, DatastoreCircuit circuit) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.jdbc.setQueryTimeout(STATEMENT_TIMEOUT_SECONDS);
        this.meters = meters;
        this.circuit = circuit;
    }

    /**
     * Counts and records one dead letter from {@code source} (kafka, iso8583, ...) for {@code reason}, the rejected
     * field or the limit the message was over; never throws for the datastore.
     */
    public void record(String source, String reason) {
        String from = source != null && SOURCE.matcher(source).matches() ? source : "unknown";
        Counter.builder(HubMeters.DEAD_LETTERS)
                .description("Messages sent to their source's dead-letter place")
                .tag("source", from)
                .register(meters)
                .increment();
        if (circuit.isOpen()) {
            log.warn("dead letter from {} counted but not recorded in dead_letter_event: the datastore is unreachable", from);
            return;
        }
        try {
            jdbc.update(INSERT, from, fieldName(reason));
        } catch (DataAccessException e) {
            circuit.failed(e);
            // the exception's text may quote the statement's values: only its type is logged
            log.warn("dead letter from {} counted but not recorded in dead_letter_event: {}", from, e.getClass().getSimpleName());
        }
    }

    /** The part of a reason before its first ':', kept only when it looks like a field name. */
    static String fieldName(String reason) {
        if (reason == null) {
            return UNNAMED;
        }
        int colon = reason.indexOf(':');
        String name = (colon < 0 ? reason : reason.substring(0, colon)).strip();
        return FIELD_NAME.matcher(name).matches() && !DIGIT_RUN.matcher(name).find() ? name : UNNAMED;
    }
}
