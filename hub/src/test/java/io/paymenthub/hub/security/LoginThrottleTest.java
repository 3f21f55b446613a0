package io.paymenthub.hub.security;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class LoginThrottleTest {

    private final MutableClock clock = new MutableClock();
    private final LoginThrottle throttle = new LoginThrottle(3, 5, Duration.ofMinutes(30), 100, clock);

    @Test
    void locksAUserNameAfterMaxFailuresUntilTheWindowHasPassed() {
        throttle.failed("alice", "10.0.0.1");
        throttle.failed("alice", "10.0.0.2");
        assertThat(throttle.lockedFor("alice", "10.0.0.3")).isZero();

        clock.advance(Duration.ofMinutes(10));
        throttle.failed("alice", "10.0.0.3");
        assertThat(throttle.lockedFor("alice", "10.0.0.9")).isEqualTo(Duration.ofMinutes(20));
        assertThat(throttle.lockedFor("bob", "10.0.0.9")).isZero();

        clock.advance(Duration.ofMinutes(20));
        assertThat(throttle.lockedFor("alice", "10.0.0.9")).isZero();
    }

    @Test
    void locksAnAddressThatTriesManyUserNames() {
        for (String user : new String[] {"a", "b", "c", "d", "e"}) {
            throttle.failed(user, "10.0.0.7");
        }
        assertThat(throttle.lockedFor("f", "10.0.0.7")).isPositive();
        assertThat(throttle.lockedFor(null, "10.0.0.7")).isPositive();
        assertThat(throttle.lockedFor("f", "10.0.0.8")).isZero();
    }

    @Test
    void aSuccessfulLoginClearsTheUserNameButNotTheAddress() {
        for (int i = 0; i < 3; i++) {
            throttle.failed("alice", "10.0.0.1");
        }
        throttle.succeeded("alice");
        assertThat(throttle.lockedFor("alice", "10.0.0.2")).isZero();
    }

    @Test
    void aFloodOfRandomNamesStaysWithinTheBoundAndStillLocksItsAddress() {
        for (int i = 0; i < 10_000; i++) {
            throttle.failed("random-" + i, "10.0.0.66");
        }
        assertThat(throttle.trackedUserNames()).isLessThanOrEqualTo(100);
        assertThat(throttle.trackedAddresses()).isEqualTo(1);
        assertThat(throttle.lockout("random-new", "10.0.0.66").byAddress()).isTrue();
        assertThat(throttle.lockedFor("alice", "10.0.0.67")).isZero();
    }

    @Test
    void aNameUnderAttackStaysCountedWhileRandomNamesFloodTheTable() {
        for (int i = 0; i < 5_000; i++) {
            if (i % 500 == 0) {
                throttle.failed("alice", "10.0.1." + (i / 500));
            }
            throttle.lockedFor("alice", null);   // an attacker's tries are lookups of the name too
            throttle.failed("random-" + i, "10.0.2." + (i % 200));
        }
        assertThat(throttle.trackedUserNames()).isLessThanOrEqualTo(100);
        assertThat(throttle.trackedAddresses()).isLessThanOrEqualTo(100);
        assertThat(throttle.lockedFor("alice", "10.0.0.9")).isPositive();
    }

    @Test
    void keysAreForgottenOnceTheirNewestFailureLeftTheWindow() {
        throttle.failed("alice", "10.0.0.1");
        clock.advance(Duration.ofMinutes(31));
        assertThat(throttle.trackedUserNames()).isZero();
        assertThat(throttle.trackedAddresses()).isZero();
    }

    static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-11-26T10:00:00Z");

        synchronized void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public synchronized Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
