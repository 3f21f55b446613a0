package io.paymenthub.hub.security;

import com.github.benmanes.caffeine.cache.Scheduler;
import io.paymenthub.hub.audit.AuditRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class LoginAuditQuotaTest {

    private final LoginThrottleTest.MutableClock clock = new LoginThrottleTest.MutableClock();
    private final List<AuditRecord> written = new CopyOnWriteArrayList<>();
    private final LoginAuditQuota quota = new LoginAuditQuota(written::add, 3, Duration.ofMinutes(30), 100, clock,
            new DirectExecutor(), Scheduler.disabledScheduler());

    private static final LoginThrottle.Lockout ADDRESS_LOCKED = new LoginThrottle.Lockout(Duration.ofMinutes(5), true);
    private static final LoginThrottle.Lockout NAME_LOCKED = new LoginThrottle.Lockout(Duration.ofMinutes(5), false);

    @Test
    void failuresPastTheAddressLimitAreCountedIntoOneSummaryWhenTheWindowCloses() throws Exception {
        long admitted = 0;
        for (int i = 0; i < 10; i++) {
            admitted += quota.admitFailure("10.0.0.1") ? 1 : 0;
        }
        assertThat(quota.admitFailure("10.0.0.2")).isTrue();
        assertThat(admitted).isEqualTo(3);
        assertThat(written).isEmpty();

        clock.advance(Duration.ofMinutes(31));
        quota.admitFailure("10.0.0.3");   // any use of the quota closes the windows that are due

        assertThat(written).singleElement().satisfies(summary -> {
            assertThat(summary.action()).isEqualTo("LOGIN_FAILURE");
            assertThat(summary.actor()).isEqualTo("(summary)");
            assertThat(summary.sourceIp()).isEqualTo("10.0.0.1");
            assertThat(summary.outcome()).isEqualTo(AuditRecord.Outcome.FAILURE);
            assertThat(summary.detail()).containsEntry("summary", true).containsEntry("attempts", 7L)
                    .containsEntry("window_start", "2026-11-26T10:00:00Z");
        });
        assertThat(quota.admitFailure("10.0.0.1")).as("a new window").isTrue();
    }

    @Test
    void aLockedAddressGetsOneRefusalRowAndALockedNameOneOfItsOwn() throws Exception {
        assertThat(quota.admitThrottled("random-1", "10.0.0.1", ADDRESS_LOCKED)).isTrue();
        for (int i = 2; i <= 1000; i++) {
            assertThat(quota.admitThrottled("random-" + i, "10.0.0.1", ADDRESS_LOCKED)).isFalse();
        }
        assertThat(quota.admitThrottled("alice", "10.0.0.9", NAME_LOCKED)).isTrue();
        assertThat(quota.admitThrottled("bob", "10.0.0.9", NAME_LOCKED)).isTrue();
        assertThat(quota.admitThrottled("alice", "10.0.0.9", NAME_LOCKED)).isFalse();

        quota.close();   // shutting down closes every window

        assertThat(written).extracting(AuditRecord::actor, AuditRecord::sourceIp, record -> record.detail().get("attempts"))
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("(summary)", "10.0.0.1", 999L),
                        org.assertj.core.groups.Tuple.tuple("alice", "10.0.0.9", 1L));
        assertThat(written).allSatisfy(summary -> assertThat(summary.action()).isEqualTo("LOGIN_THROTTLED"));
    }

    /** Summaries written in the caller's thread, so the test sees them at once. */
    private static final class DirectExecutor extends AbstractExecutorService {
        private volatile boolean shutdown;

        @Override
        public void execute(Runnable command) {
            command.run();
        }

        @Override
        public void shutdown() {
            shutdown = true;
        }

        @Override
        public List<Runnable> shutdownNow() {
            shutdown = true;
            return List.of();
        }

        @Override
        public boolean isShutdown() {
            return shutdown;
        }

        @Override
        public boolean isTerminated() {
            return shutdown;
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) {
            return true;
        }
    }
}
