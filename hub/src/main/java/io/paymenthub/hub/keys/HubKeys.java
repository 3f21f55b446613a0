package io.paymenthub.hub.keys;

import io.paymenthub.carddata.PanTokenizer;
import io.paymenthub.carddata.PayloadSealer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The hub's keys as its provider holds them, reloaded every {@code hub.masking.refresh-interval} so that a version
 * added or destroyed elsewhere (another replica's rotation, an updated keystore secret) takes effect without a
 * restart. A failed reload keeps the keys in hand. With {@code auto-rotate}, a newest key older than its
 * cryptoperiod is replaced by a new version at the next reload.
 */
public final class HubKeys implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HubKeys.class);

    private final KeyProvider provider;
    private final Duration cryptoperiod;
    private final boolean autoRotate;
    private final Clock clock;
    private final ScheduledExecutorService refresher;
    private volatile KeyRing ring;

    HubKeys(KeyProvider provider, Duration cryptoperiod, boolean autoRotate, Duration refreshInterval, Clock clock) {
        this.provider = provider;
        this.cryptoperiod = cryptoperiod;
        this.autoRotate = autoRotate;
        this.clock = clock;
        refresh();
        if (!refreshInterval.isZero() && !refreshInterval.isNegative()) {
            refresher = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "hub-keys-refresh");
                thread.setDaemon(true);
                return thread;
            });
            refresher.scheduleWithFixedDelay(this::refreshQuietly, refreshInterval.toMillis(), refreshInterval.toMillis(), TimeUnit.MILLISECONDS);
        } else {
            refresher = null;
        }
    }

    public KeyRing ring() {
        return ring;
    }

    public PanTokenizer newestPanTokenizer() {
        return ring.newestPanTokenizer();
    }

    public PayloadSealer payloadSealer() {
        return ring.payloadSealer();
    }

    public String providerName() {
        return provider.name();
    }

    public Duration cryptoperiod() {
        return cryptoperiod;
    }

    /** When a key's cryptoperiod ends; null when its creation time is unknown. */
    public Instant cryptoperiodEnd(ManagedKey key) {
        return key.createdAt() == null ? null : key.createdAt().plus(cryptoperiod);
    }

    /** Whether a key has reached the end of its cryptoperiod (never, when its creation time is unknown). */
    public boolean pastCryptoperiod(ManagedKey key) {
        Instant end = cryptoperiodEnd(key);
        return end != null && !clock.instant().isBefore(end);
    }

    /**
     * How old the newest key of {@code purpose} is; null when none is held or its creation time is unknown (keys fed
     * from a secret carry none).
     */
    public Duration newestKeyAge(KeyPurpose purpose) {
        KeyRing held = ring;
        if (held.keys(purpose).isEmpty()) {
            return null;
        }
        Instant created = held.newest(purpose).createdAt();
        return created == null ? null : Duration.between(created, clock.instant());
    }

    /** Reloads every held version from the provider; rotates first when a newest key is overdue and auto-rotate is on. */
    public synchronized KeyRing refresh() {
        KeyRing loaded = new KeyRing(provider.load());
        for (KeyPurpose purpose : KeyPurpose.values()) {
            if (loaded.keys(purpose).isEmpty()) {
                continue;
            }
            ManagedKey newest = loaded.newest(purpose);
            if (pastCryptoperiod(newest)) {
                Instant end = cryptoperiodEnd(newest);
                if (autoRotate) {
                    ManagedKey next = provider.create(purpose);
                    LOG.info("Key {} reached the end of its cryptoperiod ({}): rotated to {}", newest.id(), end, next.id());
                    loaded = new KeyRing(provider.load());
                } else {
                    LOG.warn("Key {} reached the end of its cryptoperiod on {}: rotate it (docs/key-management.md)", newest.id(), end);
                }
            }
        }
        ring = loaded;
        return loaded;
    }

    /** Generates the next version of a purpose; new data is protected with it from now on. */
    public synchronized ManagedKey rotate(KeyPurpose purpose) {
        ManagedKey created = provider.create(purpose);
        refresh();
        return created;
    }

    /**
     * Destroys a version that is not the newest of its purpose. Callers first make sure nothing depends on it
     * ({@link PanKeyRetirement} for PAN keys).
     */
    public synchronized void destroy(String keyId) {
        destroyable(keyId);
        provider.destroy(keyId);
        refresh();
    }

    /**
     * The held version {@code keyId}, if it may be destroyed: not an audit key, not the newest of its purpose.
     * Throws {@link IllegalArgumentException} or {@link IllegalStateException} naming why not.
     */
    public synchronized ManagedKey destroyable(String keyId) {
        ManagedKey key = java.util.Arrays.stream(KeyPurpose.values()).flatMap(purpose -> ring.keys(purpose).stream())
                .filter(k -> k.id().equals(keyId)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no held key " + keyId));
        if (key.purpose() == KeyPurpose.AUDIT) {
            throw new IllegalStateException(keyId + " is an audit key: the audit rows hashed under it must stay verifiable");
        }
        if (ring.newest(key.purpose()).id().equals(keyId)) {
            throw new IllegalStateException(keyId + " is the newest " + key.purpose().label() + " key: rotate before destroying it");
        }
        return key;
    }

    private void refreshQuietly() {
        try {
            refresh();
        } catch (RuntimeException e) {
            LOG.warn("Key refresh failed, keeping the keys in hand: {}", e.toString());
        }
    }

    @Override
    public void close() {
        if (refresher != null) {
            refresher.shutdownNow();
        }
        if (provider instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                LOG.warn("Key provider did not close cleanly: {}", e.toString());
            }
        }
    }
}
