package io.paymenthub.hub.residency;

import io.paymenthub.hub.config.HubProperties;
import io.paymenthub.hub.delivery.DatastoreCircuit;
import io.paymenthub.hub.support.HubIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code hub_residency_stored_foreign_origin} counts, from the hourly rollup, what the daily residency report's
 * {@code storedWithForeignOrigin} counts from the payments: a payment stored here today with another region's
 * origin, with no origin, or in another region's name; not one of this region's. The rows are inserted in a
 * transaction that is rolled back, so no other test of the shared hub ever sees them.
 */
class StoredWithForeignOriginIT extends HubIntegrationTest {

    @Autowired
    StoredWithForeignOrigin storedWithForeignOrigin;
    @Autowired
    ResidencyReportController report;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    HubProperties properties;
    @Autowired
    DatastoreCircuit circuit;

    @Test
    void paymentsOfAnotherOriginStoredTodayAreCountedAsTheReportCountsThem() {
        Instant now = Instant.now();
        transactions.executeWithoutResult(status -> {
            long counted = storedWithForeignOrigin.count(now);
            long reported = report.report(null).storedWithForeignOrigin();

            insert("ALERTS-IN-1", "IN", "in", now);
            assertThat(storedWithForeignOrigin.count(now)).as("India's own").isEqualTo(counted);

            insert("ALERTS-SG-1", "SG", "in", now);
            insert("ALERTS-XX-1", null, "in", now);
            insert("ALERTS-REGION-1", "IN", "sg", now);

            assertThat(storedWithForeignOrigin.count(now)).isEqualTo(counted + 3);
            assertThat(report.report(null).storedWithForeignOrigin()).isEqualTo(reported + 3);
            status.setRollbackOnly();
        });
    }

    @Test
    void aScrapeWithinTheRefreshIntervalGetsTheLastCountWithoutCountingAgain() {
        Instant start = Instant.now();
        SettableClock clock = new SettableClock(start);
        StoredWithForeignOrigin gauge = new StoredWithForeignOrigin(jdbc, properties.residencyPolicy(), circuit, clock);
        transactions.executeWithoutResult(status -> {
            double first = gauge.value();
            insert("ALERTS-SG-2", "SG", "in", start);

            clock.now = start.plus(StoredWithForeignOrigin.REFRESH).minusSeconds(1);
            assertThat(gauge.value()).as("within the refresh interval").isEqualTo(first);
            clock.now = start.plus(StoredWithForeignOrigin.REFRESH);
            assertThat(gauge.value()).as("counted again").isEqualTo(first + 1);
            status.setRollbackOnly();
        });
    }

    private void insert(String messageId, String originCountry, String region, Instant receivedAt) {
        jdbc.update("""
                insert into payment (message_id, source, format, message_type, origin_country, region, received_at, status)
                values (?, 'kafka', 'ISO8583', '0200', ?, ?, ?, 'RECEIVED')
                """, messageId, originCountry, region, Timestamp.from(receivedAt));
    }

    private static final class SettableClock extends Clock {
        Instant now;

        SettableClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
