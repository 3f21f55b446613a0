package io.paymenthub.hub.residency;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.paymenthub.hub.config.HubProperties;
import io.paymenthub.hub.delivery.DatastoreCircuit;
import io.paymenthub.hub.metrics.HubMeters;
import io.paymenthub.residency.ResidencyPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * {@code hub_residency_stored_foreign_origin}: payments received today (UTC) and stored in this region whose region
 * is not this one or whose origin country is none of the home region's (or unknown) — the daily residency report's
 * {@code storedWithForeignOrigin}, which must be zero. It is read from the hourly rollup the payment trigger keeps
 * (V20: a few hundred rows a day, by the hour's index) rather than from the day's payments, at most once every
 * {@link #REFRESH} (a scrape in between gets the last count), and not at all while the datastore circuit is open.
 * NaN when it could not be counted.
 */
@Component
final class StoredWithForeignOrigin implements MeterBinder {

    static final Duration REFRESH = Duration.ofSeconds(60);
    private static final int STATEMENT_TIMEOUT_SECONDS = 5;
    private static final Logger LOG = LoggerFactory.getLogger(StoredWithForeignOrigin.class);
    private static final String COUNT = """
            select coalesce(sum(payments), 0) from (
                select region, origin_country, payments from payment_rollup where hour >= ?
                union all
                select region, origin_country, payments from payment_rollup_delta where hour >= ?) today
             where region <> ? or not (origin_country = any (?))
            """;

    private final JdbcTemplate jdbc;
    private final DatastoreCircuit circuit;
    private final String homeRegion;
    private final String[] homeCountries;
    private final Clock clock;
    private Instant countedAt;
    private double count = Double.NaN;

    @Autowired
    StoredWithForeignOrigin(JdbcTemplate jdbc, HubProperties properties, DatastoreCircuit circuit) {
        this(jdbc, properties.residencyPolicy(), circuit, Clock.systemUTC());
    }

    StoredWithForeignOrigin(JdbcTemplate jdbc, ResidencyPolicy policy, DatastoreCircuit circuit, Clock clock) {
        this.jdbc = new JdbcTemplate(jdbc.getDataSource());
        this.jdbc.setQueryTimeout(STATEMENT_TIMEOUT_SECONDS);
        this.circuit = circuit;
        this.homeRegion = policy.homeRegion();
        this.homeCountries = policy.regions().get(homeRegion).countries().toArray(String[]::new);
        this.clock = clock;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder(HubMeters.STORED_FOREIGN_ORIGIN, this, StoredWithForeignOrigin::value)
                .description("Payments received today (UTC) and stored here whose origin is not the home region's")
                .register(registry);
    }

    /** The last count, counted again when it is older than {@link #REFRESH}. */
    synchronized double value() {
        Instant now = clock.instant();
        if (countedAt == null || !now.isBefore(countedAt.plus(REFRESH))) {
            countedAt = now;
            count = circuit.isOpen() ? Double.NaN : countOrNaN(now);
        }
        return count;
    }

    /** Counts now, from the rollup and its deltas not yet folded. */
    long count(Instant now) {
        Timestamp today = Timestamp.from(LocalDate.ofInstant(now, ZoneOffset.UTC).atStartOfDay().toInstant(ZoneOffset.UTC));
        Long found = jdbc.queryForObject(COUNT, Long.class, today, today, homeRegion, homeCountries);
        return found == null ? 0 : found;
    }

    private double countOrNaN(Instant now) {
        try {
            return count(now);
        } catch (DataAccessException e) {
            LOG.warn("Payments stored with a foreign origin not counted: {}", e.getClass().getSimpleName());
            return Double.NaN;
        }
    }
}
