package io.paymenthub.hub.keyoperations;

import io.paymenthub.hub.access.AccessGate;
import io.paymenthub.hub.audit.AuditLog;
import io.paymenthub.hub.audit.AuditRecord;
import io.paymenthub.hub.audit.AuditRecord.Outcome;
import io.paymenthub.hub.config.HubProperties;
import io.paymenthub.hub.keys.HubKeys;
import io.paymenthub.hub.keys.KeyPurpose;
import io.paymenthub.hub.keys.KeyRing;
import io.paymenthub.hub.keys.ManagedKey;
import io.paymenthub.hub.keys.PanKeyRetirement;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.lang.Nullable;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * {@code /actuator/hubkeys} (role {@code ops}): the key inventory (ids, dates, check values; never a key) and the
 * key operations. Every operation, done or refused, is a {@code KEY_OPERATION} row on the audit chain with who asked,
 * the key and the outcome; destroying a version also spends a {@code key-destroy} grant approved by a second person.
 * <ul>
 *   <li>{@code GET /actuator/hubkeys}: inventory, cryptoperiods, retirements</li>
 *   <li>{@code GET /actuator/hubkeys/forward-public}: the public forwarding key other regions seal with (not a
 *       secret), in the form their {@code seal-public-key} setting takes</li>
 *   <li>{@code POST /actuator/hubkeys {"action":"refresh"}}: reload keys from the provider now</li>
 *   <li>{@code POST /actuator/hubkeys/pan {"action":"rotate"}} (or {@code payload}): a new newest version</li>
 *   <li>{@code POST /actuator/hubkeys/local-pan-v1 {"action":"retire", "pans":"/path", "unlinkRemaining":true}}:
 *       start or resume the retirement job in the background; its end is audited too</li>
 *   <li>{@code DELETE /actuator/hubkeys/local-pan-v1}: destroy a version nothing depends on any more</li>
 * </ul>
 */
@Component
@Endpoint(id = "hubkeys")
class HubKeysEndpoint implements AutoCloseable {

    static final String ACTION = "KEY_OPERATION";
    private static final Logger LOG = LoggerFactory.getLogger(HubKeysEndpoint.class);

    private final HubKeys keys;
    private final PanKeyRetirement retirement;
    private final AuditLog audit;
    private final AccessGate gate;
    private final String region;
    private final ExecutorService retirer = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "pan-key-retirement");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicReference<String> retiring = new AtomicReference<>();

    HubKeysEndpoint(HubKeys keys, PanKeyRetirement retirement, AuditLog audit, AccessGate gate, HubProperties properties) {
        this.keys = keys;
        this.retirement = retirement;
        this.audit = audit;
        this.gate = gate;
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
                entry.put("use", purpose.use(newest));
                entry.put("createdAt", key.createdAt());
                entry.put("cryptoperiodEnds", end);
                entry.put("overdue", newest && keys.pastCryptoperiod(key));
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
    Object refresh(String action) {
        return audited(Caller.current(), "refresh", "provider " + keys.providerName(), () -> {
            require(action, "refresh");
            KeyRing ring = keys.refresh();
            int held = 0;
            for (KeyPurpose purpose : KeyPurpose.values()) {
                held += ring.keys(purpose).size();
            }
            return new Done(inventory(), Map.of("keys_held", held));
        });
    }

    @WriteOperation
    Object operate(@Selector String target, String action, @Nullable String pans, @Nullable Boolean unlinkRemaining,
                   @Nullable Integer batchLimit) {
        Caller caller = Caller.current();
        return switch (action) {
            case "rotate" -> audited(caller, "rotate", target, () -> {
                ManagedKey created = keys.rotate(KeyPurpose.of(target));
                Map<String, Object> newest = Map.of("newest", created.id(), "check", created.check());
                return new Done(newest, newest);
            });
            case "retire" -> audited(caller, "retire", target, () -> startRetirement(caller, target, pans,
                    Boolean.TRUE.equals(unlinkRemaining), batchLimit == null ? 0 : batchLimit));
            default -> audited(caller, "unknown", target, () -> {
                throw new IllegalArgumentException("action: rotate or retire");
            });
        };
    }

    /** Checked before the grant is spent, so a refused destruction costs no approval; the grant before anything changes. */
    @DeleteOperation
    Object destroy(@Selector String keyId) {
        Caller caller = Caller.current();
        return audited(caller, "destroy", keyId, () -> {
            ManagedKey key = keys.destroyable(keyId);
            if (key.purpose() == KeyPurpose.PAN && retirement.inUse(keyId)) {
                throw new IllegalStateException("stored payments still carry tokens of " + keyId + ": retire it first");
            }
            UUID grant = gate.spendKeyDestroy(caller.request(), caller.authentication());
            keys.destroy(keyId);
            return new Done(Map.of("destroyed", keyId), Map.of("purpose", key.purpose().label(), "check", key.check(),
                    "grant_id", grant.toString()));
        });
    }

    private Done startRetirement(Caller caller, String keyId, String pans, boolean unlinkRemaining, int batchLimit) {
        Path presented = pans == null || pans.isBlank() ? null : Path.of(pans);
        if (presented != null && !Files.isReadable(presented)) {
            throw new IllegalArgumentException("pans: file not readable by the hub");
        }
        if (!retiring.compareAndSet(null, keyId)) {
            throw new IllegalStateException("retirement of " + retiring.get() + " is running");
        }
        retirer.execute(() -> {
            try {
                PanKeyRetirement.Progress done = retirement.run(keyId, presented, unlinkRemaining, batchLimit);
                record(caller, "retire-finished", keyId, Outcome.SUCCESS, progress(done));
            } catch (RuntimeException e) {
                LOG.warn("PAN key retirement of {} stopped: {}; run it again to resume", keyId, e.toString());
                record(caller, "retire-stopped", keyId, Outcome.FAILURE, Map.of("reason", e.toString()));
            } finally {
                retiring.set(null);
            }
        });
        return new Done(Map.of("retiring", keyId, "startedAt", Instant.now(), "progress", "GET /actuator/hubkeys"),
                Map.of("pans_presented", presented != null, "unlink_remaining", unlinkRemaining));
    }

    /**
     * Runs one key operation and puts it on the audit chain, done or refused. A refusal (bad request, wrong state)
     * answers 400 with its reason; a missing grant answers 403 from the gate, which audits the denial itself.
     */
    private Object audited(Caller caller, String operation, String key, Supplier<Done> work) {
        Done done;
        try {
            done = work.get();
        } catch (IllegalArgumentException | IllegalStateException | UnsupportedOperationException refused) {
            record(caller, operation, key, Outcome.FAILURE, Map.of("reason", String.valueOf(refused.getMessage())));
            throw new InvalidEndpointRequestException(refused.getMessage(), refused.getMessage());
        }
        record(caller, operation, key, Outcome.SUCCESS, done.detail());
        return done.answer();
    }

    private void record(Caller caller, String operation, String key, Outcome outcome, Map<String, Object> detail) {
        Map<String, Object> recorded = new LinkedHashMap<>();
        recorded.put("operation", operation);
        recorded.put("key", key);
        recorded.putAll(detail);
        audit.append(new AuditRecord(caller.actor(), caller.roles(), ACTION, caller.target(), outcome, caller.sourceIp(),
                List.of(), recorded));
        LOG.info("Key operation {} on {} by {}: {} {}", operation, key, caller.actor(), outcome, detail);
    }

    private static Map<String, Object> progress(PanKeyRetirement.Progress progress) {
        return Map.of("rekeyed", progress.rekeyed(), "unlinked", progress.unlinked(), "remaining", progress.remaining(),
                "state", progress.state());
    }

    private static void require(String action, String expected) {
        if (!expected.equals(action)) {
            throw new IllegalArgumentException("action: " + expected);
        }
    }

    @Override
    public void close() {
        retirer.shutdownNow();
    }

    /** What an operation answers, and what of it goes on the audit chain (ids and check values, never a key). */
    private record Done(Object answer, Map<String, Object> detail) {
    }

    /**
     * Who asked, taken from the request while it is in hand: a retirement finishes on another thread, and its end is
     * audited under the same caller.
     */
    private record Caller(HttpServletRequest request, Authentication authentication, String actor, String roles,
                          String target, String sourceIp) {

        static Caller current() {
            HttpServletRequest request = ((ServletRequestAttributes) RequestContextHolder.currentRequestAttributes()).getRequest();
            Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
            return new Caller(request, authentication, authentication == null ? null : authentication.getName(),
                    AuditLog.rolesOf(authentication), request.getMethod() + " " + request.getRequestURI(),
                    request.getRemoteAddr());
        }
    }
}
