package io.paymenthub.hub.inventory;

import io.paymenthub.hub.audit.AuditLog;
import io.paymenthub.hub.audit.AuditRecord.Outcome;
import io.paymenthub.hub.config.HubProperties;
import io.paymenthub.hub.query.InvalidQuery;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The inventories an assessor asks for (auditor): cryptography in force and the access review; each audited. */
@RestController
@RequestMapping("/api/v1/audit")
class InventoryController {

    static final Duration DEFAULT_PERIOD = Duration.ofDays(90);
    static final Duration MAX_PERIOD = Duration.ofDays(400);

    private final CryptoInventory crypto;
    private final AccessReview access;
    private final AuditLog audit;
    private final String region;

    InventoryController(CryptoInventory crypto, AccessReview access, AuditLog audit, HubProperties properties) {
        this.crypto = crypto;
        this.access = access;
        this.audit = audit;
        this.region = properties.region();
    }

    @GetMapping("/crypto-inventory")
    ResponseEntity<Map<String, Object>> cryptoInventory(HttpServletRequest request, Authentication caller) {
        Map<String, Object> inventory = crypto.inventory();
        audit.append(request, caller, "CRYPTO_INVENTORY", Outcome.SUCCESS, List.of(), Map.of());
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(inventory);
    }

    /** {@code from}/{@code to}: the period reviewed, by default the last 90 days, at most 400. */
    @GetMapping("/access-review")
    ResponseEntity<Map<String, Object>> accessReview(
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to,
            HttpServletRequest request, Authentication caller) {
        Instant end = to == null ? Instant.now() : to;
        Instant start = from == null ? end.minus(DEFAULT_PERIOD) : from;
        if (!start.isBefore(end)) {
            throw new InvalidQuery(List.of("from: must be before to"));
        }
        if (Duration.between(start, end).compareTo(MAX_PERIOD) > 0) {
            throw new InvalidQuery(List.of("from: the period is at most " + MAX_PERIOD.toDays() + " days"));
        }
        Map<String, Object> review = access.review(region, start, end);
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("from", start.toString());
        detail.put("to", end.toString());
        audit.append(request, caller, "ACCESS_REVIEW", Outcome.SUCCESS, List.of(), detail);
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(review);
    }
}
