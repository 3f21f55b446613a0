package io.paymenthub.hub.analytics;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Folds the deltas the payment trigger appends ({@code payment_rollup_delta}, V20) into {@code payment_rollup}, in
 * batches, one instance at a time (a transaction-scoped advisory lock; another instance skips its turn). Queries read
 * both tables, so a fold that runs late makes them slower, never wrong.
 */
final class RollupFold {

    private static final Logger log = LoggerFactory.getLogger(RollupFold.class);
    /** A constant of this job's own: no other advisory lock in the hub uses it. */
    private static final long LOCK = 0x70617952_6f6c6c75L;
    static final int BATCH = 20_000;

    private static final String FOLD = """
            with moved as (
                delete from payment_rollup_delta
                 where ctid in (select ctid from payment_rollup_delta limit ?)
                returning *),
            folded as (
            insert into payment_rollup as r
            select hour, region, origin_country, currency, message_type, source, format, sum(payments),
                   sum(card_payments), sum(amount_payments), sum(sum_amount), bit_or(cards)
              from moved group by 1, 2, 3, 4, 5, 6, 7
            on conflict (hour, region, origin_country, currency, message_type, source, format) do update
               set payments = r.payments + excluded.payments,
                   card_payments = r.card_payments + excluded.card_payments,
                   amount_payments = r.amount_payments + excluded.amount_payments,
                   sum_amount = case when r.sum_amount is null then excluded.sum_amount
                                     when excluded.sum_amount is null then r.sum_amount
                                     else r.sum_amount + excluded.sum_amount end,
                   cards = r.cards | excluded.cards
            returning 1)
            select count(*) from moved
            """;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;

    RollupFold(JdbcTemplate jdbc, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    @Scheduled(fixedDelayString = "${hub.analytics.rollup-fold-interval}", initialDelayString = "${hub.analytics.rollup-fold-interval}")
    void foldOnSchedule() {
        try {
            fold();
        } catch (DataAccessException unavailable) {
            log.warn("Analytics rollup not folded this time ({}); queries read the deltas meanwhile",
                    unavailable.getClass().getSimpleName());
        }
    }

    /** Folds until fewer than a batch remain, or another instance holds the fold; the number of deltas folded. */
    long fold() {
        long total = 0;
        Long moved;
        do {
            moved = transactions.execute(status -> {
                Boolean locked = jdbc.queryForObject("select pg_try_advisory_xact_lock(?)", Boolean.class, LOCK);
                return Boolean.TRUE.equals(locked) ? jdbc.queryForObject(FOLD, Long.class, BATCH) : null;
            });
            total += moved == null ? 0 : moved;
        } while (moved != null && moved == BATCH);
        return total;
    }
}
