package io.paymenthub.hub.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Counts failed logins per user name and per client address within a sliding window of {@code lockout}; a key with
 * {@code max} failures in the window is locked until the oldest of them is {@code lockout} old. A successful login
 * clears its user name. Per instance: behind N replicas an attacker gets at most N times the attempts.
 * <p>
 * Memory is bounded: at most {@code maxTracked} user names and {@code maxTracked} addresses, each forgotten
 * {@code lockout} after its last failure. Names and addresses are kept apart, so a flood of random names cannot push
 * out the count of the address sending them; when full, Caffeine keeps the keys hit often (a name under attack) over
 * names seen once.
 */
public final class LoginThrottle {

    /** Whether a login is refused, for how long, and whether for its address (rather than its user name). */
    public record Lockout(Duration remaining, boolean byAddress) {
        static final Lockout NONE = new Lockout(Duration.ZERO, false);

        public boolean locked() {
            return !remaining.isZero();
        }
    }

    private final int maxPerUser;
    private final int maxPerAddress;
    private final Duration lockout;
    private final int maxTracked;
    private final Clock clock;
    private final Cache<String, Deque<Instant>> userFailures;
    private final Cache<String, Deque<Instant>> addressFailures;

    public LoginThrottle(int maxPerUser, int maxPerAddress, Duration lockout, int maxTracked, Clock clock) {
        this.maxPerUser = maxPerUser;
        this.maxPerAddress = maxPerAddress;
        this.lockout = lockout;
        this.maxTracked = maxTracked;
        this.clock = clock;
        this.userFailures = failures();
        this.addressFailures = failures();
    }

    /** How long the user name or the address is still locked; {@link Duration#ZERO} when neither is. */
    public Duration lockedFor(String username, String address) {
        return lockout(username, address).remaining();
    }

    /** The longer of the user name's and the address's lock; {@link Lockout#NONE} when neither is locked. */
    public Lockout lockout(String username, String address) {
        Duration user = username == null ? Duration.ZERO : lockedFor(userFailures, username, maxPerUser);
        Duration host = address == null ? Duration.ZERO : lockedFor(addressFailures, address, maxPerAddress);
        if (user.isZero() && host.isZero()) {
            return Lockout.NONE;
        }
        return user.compareTo(host) >= 0 ? new Lockout(user, false) : new Lockout(host, true);
    }

    public void failed(String username, String address) {
        if (username != null) {
            record(userFailures, username, maxPerUser);
        }
        if (address != null) {
            record(addressFailures, address, maxPerAddress);
        }
    }

    public void succeeded(String username) {
        if (username != null) {
            userFailures.invalidate(username);
        }
    }

    /** User names with failures in the window, never more than {@link #maxTracked()}. */
    public long trackedUserNames() {
        userFailures.cleanUp();
        return userFailures.estimatedSize();
    }

    /** Client addresses with failures in the window, never more than {@link #maxTracked()}. */
    public long trackedAddresses() {
        addressFailures.cleanUp();
        return addressFailures.estimatedSize();
    }

    public int maxTracked() {
        return maxTracked;
    }

    private Cache<String, Deque<Instant>> failures() {
        return Caffeine.newBuilder()
                .maximumSize(maxTracked)
                .expireAfterWrite(lockout)   // a key whose newest failure left the window has nothing left to count
                .ticker(ticker(clock))
                .executor(Runnable::run)     // evictions happen in the caller's thread, so the bound holds as it goes
                .build();
    }

    private Duration lockedFor(Cache<String, Deque<Instant>> failures, String key, int max) {
        Deque<Instant> times = failures.getIfPresent(key);
        if (times == null) {
            return Duration.ZERO;
        }
        synchronized (times) {
            Instant now = clock.instant();
            times.removeIf(time -> !time.plus(lockout).isAfter(now));
            if (times.size() < max) {
                return Duration.ZERO;
            }
            // locked until the failure that made it max falls out of the window
            Instant nth = times.stream().skip(times.size() - max).findFirst().orElseThrow();
            return Duration.between(now, nth.plus(lockout));
        }
    }

    private void record(Cache<String, Deque<Instant>> failures, String key, int max) {
        // compute, not get-and-add: each failure is a write, so the key's expiry restarts from it
        failures.asMap().compute(key, (k, times) -> {
            Deque<Instant> kept = times == null ? new ArrayDeque<>() : times;
            synchronized (kept) {
                kept.addLast(clock.instant());
                while (kept.size() > max) {
                    kept.removeFirst();
                }
            }
            return kept;
        });
    }

    /** Caffeine's time from the throttle's clock, so that a test's clock moves expiry too. */
    static Ticker ticker(Clock clock) {
        return () -> {
            Instant now = clock.instant();
            return now.getEpochSecond() * 1_000_000_000L + now.getNano();
        };
    }
}
