package io.paymenthub.hub.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Scheduler;
import io.paymenthub.hub.audit.AuditRecord;
import io.paymenthub.hub.audit.AuditRecord.Outcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Keeps a flood of logins from writing one audit row per attempt, without losing any attempt from the trail.
 * Per client address and window ({@code lockout}, from the window's first attempt):
 * <ul>
 *   <li>{@code LOGIN_FAILURE}: the first {@code failuresPerWindow} (the address's own limit) are audited one by one;</li>
 *   <li>{@code LOGIN_THROTTLED}: the first refusal is audited — one per address while the address is locked, one per
 *       user name and address while a name is locked;</li>
 *   <li>every later attempt is counted, and when the window closes one summary row of that action carries the count
 *       ({@code detail.summary = true, attempts, window_start, window_end}).</li>
 * </ul>
 * At most {@code maxTracked} windows are held; one pushed out early writes its summary then.
 */
final class LoginAuditQuota implements AutoCloseable {

    static final String FAILURE = "LOGIN_FAILURE";
    static final String THROTTLED = "LOGIN_THROTTLED";
    /** The actor of a summary that covers many user names. */
    static final String MANY_NAMES = "(summary)";

    private static final Logger log = LoggerFactory.getLogger(LoginAuditQuota.class);

    private final Consumer<AuditRecord> audit;
    private final int failuresPerWindow;
    private final Clock clock;
    private final ExecutorService summaries;
    private final Cache<Key, Window> windows;

    LoginAuditQuota(Consumer<AuditRecord> audit, int failuresPerWindow, Duration window, int maxTracked, Clock clock) {
        this(audit, failuresPerWindow, window, maxTracked, clock, Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "login-audit-summaries");
            thread.setDaemon(true);
            return thread;
        }), Scheduler.systemScheduler());
    }

    /** With the executor that writes summaries and the scheduler that closes windows on time (tests: direct, none). */
    LoginAuditQuota(Consumer<AuditRecord> audit, int failuresPerWindow, Duration window, int maxTracked, Clock clock,
                    ExecutorService summaries, Scheduler scheduler) {
        this.audit = audit;
        this.failuresPerWindow = failuresPerWindow;
        this.clock = clock;
        this.summaries = summaries;
        this.windows = Caffeine.newBuilder()
                .maximumSize(maxTracked)
                .expireAfterWrite(window)   // counting mutates the window in place: it closes `window` after it opened
                .ticker(LoginThrottle.ticker(clock))
                .scheduler(scheduler)
                .executor(summaries)
                .removalListener((Key key, Window open, RemovalCause cause) -> {
                    if (key != null && open != null) {
                        writeSummary(key, open);
                    }
                })
                .build();
    }

    /** True: audit this failure as its own row; false: it was counted into its address's summary. */
    boolean admitFailure(String address) {
        return address == null || admit(new Key(FAILURE, address, null), failuresPerWindow);
    }

    /** True: audit this refusal as its own row; false: it was counted into the lock's summary. */
    boolean admitThrottled(String username, String address, LoginThrottle.Lockout lockout) {
        if (address == null) {
            return true;
        }
        // a locked name took max-failures audited failures to lock: one refusal row each adds little
        return admit(new Key(THROTTLED, address, lockout.byAddress() ? null : username), 1);
    }

    private boolean admit(Key key, int quota) {
        Window window = windows.get(key, k -> new Window(clock.instant()));
        if (window.taken.incrementAndGet() <= quota) {
            return true;
        }
        window.folded.incrementAndGet();
        return false;
    }

    private void writeSummary(Key key, Window window) {
        long attempts = window.folded.get();
        if (attempts == 0) {
            return;
        }
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("summary", true);
        detail.put("attempts", attempts);
        detail.put("window_start", window.opened.toString());
        detail.put("window_end", clock.instant().toString());
        try {
            audit.accept(new AuditRecord(key.username() == null ? MANY_NAMES : key.username(), "", key.action(),
                    "login attempts", key.action().equals(FAILURE) ? Outcome.FAILURE : Outcome.DENIED,
                    key.address(), List.of(), detail));
        } catch (RuntimeException e) {
            log.error("Could not audit {} {} login attempts from {}: {}", attempts, key.action(), key.address(), e.toString());
        }
    }

    /** Closes every open window, writing its summary, before the audit trail's datastore goes away. */
    @Override
    public void close() throws InterruptedException {
        windows.invalidateAll();
        windows.cleanUp();
        summaries.shutdown();
        summaries.awaitTermination(10, TimeUnit.SECONDS);
    }

    private record Key(String action, String address, String username) {
    }

    private static final class Window {
        final Instant opened;
        final AtomicLong taken = new AtomicLong();
        final AtomicLong folded = new AtomicLong();

        Window(Instant opened) {
            this.opened = opened;
        }
    }
}
