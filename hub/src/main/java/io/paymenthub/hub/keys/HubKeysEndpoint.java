package io.paymenthub.hub.keys;

import io.paymenthub.hub.config.HubProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.lang.Nullable;
import org.springframework.stereotype.Component;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Principal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code /actuator/hubkeys} (role {@code ops}): the key inventory (ids, dates, check values; never a key) and the
 * key operations. Every operation is logged with who asked for it.
 * <ul>
 *   <li>{@code GET /actuator/hubkeys}: inventory, cryptoperiods, retirements</li>
 *   <li>{@code GET /actuator/hubkeys/forward-public}: the public forwarding key other regions seal with (not a
 *       secret), in the form their {@code seal-public-key} setting takes</li>
 *   <li>{@code POST /actuator/hubkeys {"action":"refresh"}}: reload keys from the provider now</li>
 *   <li>{@code POST /actuator/hubkeys/pan {"action":"rotate"}} (or {@code payload}): a new newest version</li>
 *   <li>{@code POST /actuator/hubkeys/local-pan-v1 {"action":"retire", "pans":"/path", "unlinkRemaining":true}}:
 *       start or resume the retirement job in the background</li>
 *   <li>{@code DELETE /actuator/hubkeys/local-pan-v1}: destroy a version nothing depends on any more</li>
 * </ul>
 */
@Component
@Endpoint(id = "hubkeys")
class HubKeysEndpoint implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HubKeysEndpoint.class);

    private final HubKeys keys;
    private final PanKeyRetirement retirement;
    private final String region;
    private final ExecutorService retirer = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "pan-key-retirement");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicReference<String> retiring = new AtomicReference<>();

    HubKeysEndpoint(HubKeys keys, PanKeyRetirement retirement, HubProperties properties) {
        this.keys = keys;
        this.retirement = retirement;
        this.region = properties.region();
    }

    @ReadOperation
    Map<String, Object> publicKey(@Selector String name) {
        if (!"forward-public".equals(name)) {
            throw new InvalidEndpointRequestException("only forward-public is readable here", "only forward-public is readable here");
        }
        var key = keys.ring().forwardPublicKey().orElseThrow(() -> new InvalidEndpointRequestException(
                "no forwarding key held: provider " + keys.providerName() + " has none (docs/security.md, \"Sealed forwarding\")",
                "no forwarding key held"));
        Map<String, Object> exported = new LinkedHashMap<>();
        exported.put("region", region);
        exported.put("keyId", key.keyId());
        exported.put("algorithm", "HPKE-X25519-HKDF-SHA256-AES-256-GCM");
        exported.put("setting", "hub.residency.regions." + region + ".seal-public-key");
        exported.put("sealPublicKey", key.text());
        return exported;
    }

    @ReadOperation
    Map<String, Object> inventory() {
        KeyRing ring = keys.ring();
        List<Map<String, Object>> listed = new ArrayList<>();
        for (KeyPurpose purpose : KeyPurpose.values()) {
            for (ManagedKey key : ring.keys(purpose)) {
                boolean newest = ring.newest(purpose).id().equals(key.id());
                Instant end = keys.cryptoperiodEnd(key);
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("id", key.id());
                entry.put("purpose", purpose.label());
                entry.put("use", use(purpose, newest));
                entry.put("createdAt", key.createdAt());
                entry.put("cryptoperiodEnds", end);
                entry.put("overdue", newest && end != null && !Instant.now().isBefore(end));
                entry.put("check", key.check());
                listed.add(entry);
            }
        }
        Map<String, Object> inventory = new LinkedHashMap<>();
        inventory.put("provider", keys.providerName());
        inventory.put("cryptoperiodDays", keys.cryptoperiod().toDays());
        inventory.put("keys", listed);
        inventory.put("retirements", retirement.all());
        inventory.put("retiring", retiring.get());
        return inventory;
    }

    @WriteOperation
    Map<String, Object> refresh(String action, @Nullable Principal who) {
        require(action, "refresh");
        keys.refresh();
        LOG.info("Keys refreshed from provider {} by {}", keys.providerName(), name(who));
        return inventory();
    }

    @WriteOperation
    Object operate(@Selector String target, String action, @Nullable String pans, @Nullable Boolean unlinkRemaining,
                   @Nullable Integer batchLimit, @Nullable Principal who) {
        try {
            return doOperate(target, action, pans, unlinkRemaining, batchLimit, who);
        } catch (IllegalArgumentException | IllegalStateException | UnsupportedOperationException refused) {
            throw new InvalidEndpointRequestException(refused.getMessage(), refused.getMessage());
        }
    }

    private Object doOperate(String target, String action, String pans, Boolean unlinkRemaining, Integer batchLimit, Principal who) {
        return switch (action) {
            case "rotate" -> {
                ManagedKey created = keys.rotate(KeyPurpose.of(target));
                LOG.info("Key rotated by {}: {} is the newest {} key (check {})", name(who), created.id(), target, created.check());
                yield Map.of("newest", created.id(), "check", created.check());
            }
            case "retire" -> startRetirement(target, pans, Boolean.TRUE.equals(unlinkRemaining), batchLimit == null ? 0 : batchLimit, who);
            default -> throw new IllegalArgumentException("action: rotate or retire");
        };
    }

    @DeleteOperation
    Map<String, Object> destroy(@Selector String keyId, @Nullable Principal who) {
        try {
            return doDestroy(keyId, who);
        } catch (IllegalArgumentException | IllegalStateException | UnsupportedOperationException refused) {
            throw new InvalidEndpointRequestException(refused.getMessage(), refused.getMessage());
        }
    }

    private Map<String, Object> doDestroy(String keyId, Principal who) {
        boolean panKey = keys.ring().keys(KeyPurpose.PAN).stream().anyMatch(k -> k.id().equals(keyId));
        if (panKey && retirement.inUse(keyId)) {
            throw new IllegalStateException("stored payments still carry tokens of " + keyId + ": retire it first");
        }
        keys.destroy(keyId);
        LOG.info("Key {} destroyed by {}", keyId, name(who));
        return Map.of("destroyed", keyId);
    }

    private Object startRetirement(String keyId, String pans, boolean unlinkRemaining, int batchLimit, Principal who) {
        Path presented = pans == null || pans.isBlank() ? null : Path.of(pans);
        if (presented != null && !Files.isReadable(presented)) {
            throw new IllegalArgumentException("pans: file not readable by the hub");
        }
        if (!retiring.compareAndSet(null, keyId)) {
            throw new IllegalStateException("retirement of " + retiring.get() + " is running");
        }
        LOG.info("PAN key retirement of {} started by {} (presented PANs: {}, unlink remaining: {})",
                keyId, name(who), presented != null, unlinkRemaining);
        retirer.execute(() -> {
            try {
                retirement.run(keyId, presented, unlinkRemaining, batchLimit);
            } catch (RuntimeException e) {
                LOG.warn("PAN key retirement of {} stopped: {}; run it again to resume", keyId, e.toString());
            } finally {
                retiring.set(null);
            }
        });
        return Map.of("retiring", keyId, "startedAt", Instant.now(), "progress", "GET /actuator/hubkeys");
    }

    private static String use(KeyPurpose purpose, boolean newest) {
        return switch (purpose) {
            case PAN -> newest ? "tokenize and look up" : "look up only";
            case PAYLOAD -> newest ? "seal and open" : "open only";
            case FORWARD -> newest ? "open; its public half is exported" : "open only";
            case AUDIT -> newest ? "chain and verify audit rows" : "verify audit rows only";
        };
    }

    private static void require(String action, String expected) {
        if (!expected.equals(action)) {
            throw new IllegalArgumentException("action: " + expected);
        }
    }

    private static String name(Principal who) {
        return who == null ? "(unknown)" : who.getName();
    }

    @Override
    public void close() {
        retirer.shutdownNow();
    }
}
