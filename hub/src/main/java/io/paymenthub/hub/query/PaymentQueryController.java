package io.paymenthub.hub.query;

import io.paymenthub.carddata.PanMasking;
import io.paymenthub.hub.access.AccessGate;
import io.paymenthub.hub.keys.PanLookup;
import io.paymenthub.hub.audit.AuditLog;
import io.paymenthub.hub.audit.AuditRecord.Outcome;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The analysts' query API (DESIGN.md "Query, dashboard, ops"): masked fields only, at most {@value #MAX_PAGE_SIZE}
 * rows a page, JSON only and never cached — there is no export of any kind. Every query is audited with the
 * message ids it returned, before the rows leave the hub.
 */
@RestController
@RequestMapping(path = "/api/v1/payments", produces = MediaType.APPLICATION_JSON_VALUE)
class PaymentQueryController {

    static final int MAX_PAGE_SIZE = 100;
    static final int DEFAULT_PAGE_SIZE = 50;
    /** Paging stops this deep: a wider read is a bulk extract, and needs narrower filters. */
    static final int MAX_OFFSET = 10_000;

    private final PaymentSearch search;
    private final PanLookup panLookup;
    private final AuditLog audit;
    private final AccessGate access;

    PaymentQueryController(PaymentSearch search, PanLookup panLookup, AuditLog audit, AccessGate access) {
        this.search = search;
        this.panLookup = panLookup;
        this.audit = audit;
        this.access = access;
    }

    @GetMapping
    ResponseEntity<PaymentPage> query(
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to,
            @RequestParam(required = false) String region,
            @RequestParam(required = false) String country,
            @RequestParam(required = false) String currency,
            @RequestParam(required = false) String status,
            @RequestParam(required = false) String token,
            @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "" + DEFAULT_PAGE_SIZE) int size,
            HttpServletRequest request, Authentication caller) {
        PaymentFilter filter = new PaymentFilter(from, to, region, country, currency, status, token);
        List<String> problems = new ArrayList<>(filter.problems());
        Paging paging = Paging.of(page, size, problems);
        if (!problems.isEmpty()) {
            throw new InvalidQuery(problems);
        }
        List<PaymentView> rows = search.find(filter, paging.offset(), paging.size() + 1);
        PaymentPage result = paging.page(rows);
        audited(request, caller, "PAYMENT_QUERY", result, Map.of("filters", filter.given()));
        return ok(result);
    }

    /**
     * Matches by keyed hash: the PAN is tokenized at once and neither logged nor stored; the search is audited. It
     * needs a live {@code pan-search} grant and spends one search of its budget (invalid input spends nothing).
     */
    @PostMapping(path = "/search-by-pan", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<PaymentPage> searchByPan(@RequestBody PanSearchRequest body, HttpServletRequest request,
                                            Authentication caller) {
        String pan = body.pan() == null ? "" : body.pan().replaceAll("[ -]", "");
        List<String> problems = new ArrayList<>();
        if (!pan.matches("\\d{12,19}")) {
            problems.add("pan: must be 12 to 19 digits");
        }
        Paging paging = Paging.of(body.page() == null ? 0 : body.page(), body.size() == null ? DEFAULT_PAGE_SIZE : body.size(), problems);
        if (!problems.isEmpty()) {
            throw new InvalidQuery(problems);
        }
        UUID grant = access.spendPanSearch(request, caller);
        // the PAN's token under every held key version: rows tokenised before a rotation are found too
        List<PanLookup.PanToken> tokens = panLookup.tokensOf(pan);
        PaymentPage result = paging.page(search.byTokens(tokens.stream().map(PanLookup.PanToken::token).toList(),
                paging.offset(), paging.size() + 1));
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("pan_masked", PanMasking.mask(pan));
        detail.put("pan_tokens", tokens.stream().map(PanLookup.PanToken::token).toList());
        detail.put("pan_key_ids", tokens.stream().map(PanLookup.PanToken::keyId).toList());
        detail.put("grant_id", grant.toString());
        audited(request, caller, "PAYMENT_SEARCH_BY_PAN", result, detail);
        return ok(result);
    }

    private void audited(HttpServletRequest request, Authentication caller, String action, PaymentPage result,
                         Map<String, Object> what) {
        Map<String, Object> detail = new LinkedHashMap<>(what);
        detail.put("page", result.page());
        detail.put("size", result.size());
        detail.put("rows", result.items().size());
        audit.append(request, caller, action, Outcome.SUCCESS, result.items().stream().map(PaymentView::messageId).toList(), detail);
    }

    private static ResponseEntity<PaymentPage> ok(PaymentPage page) {
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(page);
    }

    /** Page number and size after the cap: a size above {@value #MAX_PAGE_SIZE} is served as {@value #MAX_PAGE_SIZE}. */
    record Paging(int number, int size) {

        static Paging of(int page, int requestedSize, List<String> problems) {
            if (page < 0) {
                problems.add("page: must be 0 or more");
            }
            if (requestedSize < 1) {
                problems.add("size: must be 1 or more");
            }
            int size = Math.min(Math.max(requestedSize, 1), MAX_PAGE_SIZE);
            if ((long) Math.max(page, 0) * size >= MAX_OFFSET) {
                problems.add("page: at most " + MAX_OFFSET + " rows can be paged through; narrow the filters");
            }
            return new Paging(Math.max(page, 0), size);
        }

        int offset() {
            return number * size;
        }

        /** {@code rows} was read with one row more than a page, to tell whether another page follows. */
        PaymentPage page(List<PaymentView> rows) {
            boolean more = rows.size() > size;
            return new PaymentPage(number, size, more, more ? rows.subList(0, size) : rows);
        }
    }
}
