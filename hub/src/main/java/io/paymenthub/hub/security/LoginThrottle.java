package io.paymenthub.hub.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts failed logins per user name and per client address within a sliding window of {@code lockout}; a key with
 * {@code max} failures in the window is locked until the oldest of them is {@code lockout} old. A successful login
 * clears its user name. Per instance: behind N replicas an attacker gets at most N times the attempts.
 */
public final class LoginThrottle {

    /** Bounds memory under a flood of random user names: expired keys are dropped first. */
    private static final int MAX_KEYS = 100_000;

    private final int maxPerUser;
    private final int maxPerAddress;
    private final Duration lockout;
    private final Clock clock;
    private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();

    public LoginThrottle(int maxPerUser, int maxPerAddress, Duration lockout, Clock clock) {
        this.maxPerUser = maxPerUser;
        this.maxPerAddress = maxPerAddress;
        this.lockout = lockout;
        this.clock = clock;
    }

    /** How long the user name or the address is still locked; {@link Duration#ZERO} when neither is. */
    public Duration lockedFor(String username, String address) {
        Duration user = username == null ? Duration.ZERO : lockedFor("user:" + username, maxPerUser);
        Duration host = address == null ? Duration.ZERO : lockedFor("addr:" + address, maxPerAddress);
        return user.compareTo(host) >= 0 ? user : host;
    }

    public void failed(String username, String address) {
        if (failures.size() >= MAX_KEYS) {
            evictExpired();
        }
        if (username != null) {
            record("user:" + username);
        }
        if (address != null) {
            record("addr:" + address);
        }
    }

    public void succeeded(String username) {
        if (username != null) {
            failures.remove("user:" + username);
        }
    }

    private Duration lockedFor(String key, int max) {
        Deque<Instant> times = failures.get(key);
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

    private void record(String key) {
        Deque<Instant> times = failures.computeIfAbsent(key, k -> new ArrayDeque<>());
        synchronized (times) {
            times.addLast(clock.instant());
            while (times.size() > Math.max(maxPerUser, maxPerAddress)) {
                times.removeFirst();
            }
        }
    }

    private void evictExpired() {
        Instant now = clock.instant();
        failures.entrySet().removeIf(entry -> {
            synchronized (entry.getValue()) {
                return entry.getValue().stream().noneMatch(time -> time.plus(lockout).isAfter(now));
            }
        });
    }
}
