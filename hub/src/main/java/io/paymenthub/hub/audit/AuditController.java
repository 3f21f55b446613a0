package io.paymenthub.hub.audit;

import io.paymenthub.hub.audit.AuditLog.AuditQuery;
import io.paymenthub.hub.audit.AuditRecord.Outcome;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The auditor's view of the audit trail: read it page by page, verify the chain. Both are audited themselves. */
@RestController
@RequestMapping("/api/v1/audit")
class AuditController {

    static final int MAX_PAGE_SIZE = 100;

    private final AuditLog audit;
    private final AuditAnchors anchors;
    private final AuditChainCheck check;

    AuditController(AuditLog audit, AuditAnchors anchors, AuditChainCheck check) {
        this.audit = audit;
        this.anchors = anchors;
        this.check = check;
    }

    @GetMapping("/events")
    ResponseEntity<Map<String, Object>> events(
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to,
            @RequestParam(required = false) String actor,
            @RequestParam(required = false) String action,
            @RequestParam(required = false) String record,
            @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "50") int size,
            HttpServletRequest request, Authentication caller) {
        int pageSize = Math.max(1, Math.min(size, MAX_PAGE_SIZE));
        int pageNumber = Math.max(0, page);
        List<AuditEntry> rows = audit.read(new AuditQuery(from, to, actor, action, record), pageNumber * pageSize, pageSize + 1);
        boolean hasMore = rows.size() > pageSize;
        List<AuditEntry> items = hasMore ? rows.subList(0, pageSize) : rows;
        Map<String, Object> filters = new LinkedHashMap<>();
        filters.put("from", from);
        filters.put("to", to);
        filters.put("actor", actor);
        filters.put("action", action);
        filters.put("record", record);
        filters.values().removeIf(java.util.Objects::isNull);
        audit.append(request, caller, "AUDIT_READ", Outcome.SUCCESS, List.of(),
                Map.of("filters", filters, "page", pageNumber, "size", pageSize, "rows", items.size()));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("page", pageNumber);
        body.put("size", pageSize);
        body.put("has_more", hasMore);
        body.put("items", items);
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(body);
    }

    /**
     * Re-computes the whole chain. {@code anchor_seq}/{@code anchor_hash}: the head an auditor noted at an earlier
     * verification, which must still be in the chain unchanged, like the newest anchor the hub wrote outside the
     * database (read back from its bucket when there is one). 200 when the chain holds, 409 when it is broken.
     */
    @GetMapping("/verify")
    ResponseEntity<AuditVerification> verify(@RequestParam(name = "anchor_seq", required = false) Long anchorSeq,
                                             @RequestParam(name = "anchor_hash", required = false) String anchorHash,
                                             HttpServletRequest request, Authentication caller) {
        AuditAnchor hubAnchor = null;
        String anchorUnreadable = null;
        try {
            hubAnchor = anchors.newest();
        } catch (RuntimeException e) {
            anchorUnreadable = "the hub's anchor in " + anchors.place() + " cannot be read: " + e.getMessage();
        }
        AuditVerification result = audit.verify(anchorSeq, anchorHash, hubAnchor);
        if (anchorUnreadable != null) {
            result = result.failing(anchorUnreadable);
        }
        check.recordFull(result);
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("valid", result.valid());
        detail.put("entries", result.entries());
        if (result.firstInvalidSeq() != null) {
            detail.put("first_invalid_seq", result.firstInvalidSeq());
        }
        if (result.anchor() != null) {
            detail.put("anchor_seq", result.anchor().seq());
        }
        audit.append(request, caller, "AUDIT_VERIFY", result.valid() ? Outcome.SUCCESS : Outcome.FAILURE, List.of(), detail);
        // 409 when broken, so a scheduled check (curl --fail) alarms without parsing the body
        return ResponseEntity.status(result.valid() ? 200 : 409).cacheControl(CacheControl.noStore()).body(result);
    }
}
