package io.paymenthub.hub.delivery;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessResourceException;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.SQLNonTransientConnectionException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A circuit breaker around the datastore. When a write fails because the datastore cannot be reached, the circuit
 * opens: writes fail at once with {@link DatastoreUnavailable} instead of each waiting for a connection, listeners
 * (the polling sources) are told, and readiness, which reads {@link #isOpen()}, goes out of service. While open, one probe — a single connection, checked —
 * runs after a backoff that doubles up to a ceiling; the first probe that succeeds closes the circuit again. So an
 * outage costs the datastore one connection attempt per backoff, not a retry storm, and recovery needs no one.
 */
public final class DatastoreCircuit implements AutoCloseable {

    /** Told when the circuit opens and when it closes again; called on the circuit's own thread. */
    public interface Listener {
        void opened();

        void closed();
    }

    private static final Logger log = LoggerFactory.getLogger(DatastoreCircuit.class);
    private static final int PROBE_TIMEOUT_SECONDS = 2;

    private final DataSource dataSource;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService probes = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "datastore-circuit");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean open;
    private volatile long openedAtMillis;
    private Duration backoff;
    private long timesOpened;

    public DatastoreCircuit(DataSource dataSource, Duration initialBackoff, Duration maxBackoff) {
        this.dataSource = dataSource;
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
        this.backoff = initialBackoff;
    }

    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    /** Whether writes fail at once: the datastore was found unreachable and no probe has reached it since. */
    public boolean isOpen() {
        return open;
    }

    public synchronized long timesOpened() {
        return timesOpened;
    }

    /**
     * Blocks while the circuit is open, at most {@code atMost}: a batch source waits here instead of fetching
     * messages only to fail them. Returns at once when closed.
     */
    public void awaitClosed(Duration atMost) throws InterruptedException {
        long deadline = System.nanoTime() + atMost.toNanos();
        synchronized (this) {
            while (open) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }
    }

    /** Milliseconds the circuit has been open, 0 when closed. */
    public long openForMillis() {
        return open ? System.currentTimeMillis() - openedAtMillis : 0;
    }

    /** A write failed: opens the circuit when the cause is the datastore being unreachable. */
    public void failed(Throwable failure) {
        if (!unreachable(failure)) {
            return;
        }
        synchronized (this) {
            if (open) {
                return;
            }
            open = true;
            openedAtMillis = System.currentTimeMillis();
            timesOpened++;
            backoff = initialBackoff;
        }
        log.warn("datastore unreachable ({}): circuit open, next probe in {} ms", failure.getClass().getSimpleName(), backoff.toMillis());
        probes.execute(() -> listeners.forEach(Listener::opened));
        probes.schedule(this::probe, backoff.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void probe() {
        try (Connection connection = dataSource.getConnection()) {
            if (!connection.isValid(PROBE_TIMEOUT_SECONDS)) {
                throw new SQLTransientConnectionException("connection not valid");
            }
        } catch (SQLException | RuntimeException e) {
            long next;
            synchronized (this) {
                backoff = backoff.multipliedBy(2).compareTo(maxBackoff) > 0 ? maxBackoff : backoff.multipliedBy(2);
                next = backoff.toMillis();
            }
            log.info("datastore still unreachable ({}), next probe in {} ms", e.getClass().getSimpleName(), next);
            probes.schedule(this::probe, next, TimeUnit.MILLISECONDS);
            return;
        }
        long outage = openForMillis();
        synchronized (this) {
            open = false;
            notifyAll();
        }
        log.info("datastore reachable again after {} ms: circuit closed", outage);
        listeners.forEach(Listener::closed);
    }

    /** Connection-level failures only: a constraint or data error is not an outage. */
    static boolean unreachable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof DataAccessResourceFailureException || t instanceof TransientDataAccessResourceException
                    || t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException
                    || t instanceof DatastoreUnavailable) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        probes.shutdownNow();
    }
}
