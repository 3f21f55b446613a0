package io.paymenthub.hub.leaks;

import io.paymenthub.hub.audit.AuditLog;
import io.paymenthub.hub.audit.AuditRecord.Outcome;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code GET /api/v1/audit/leak-scan} (role {@code auditor}): scans every place the hub keeps data, now. Each scan is
 * a {@code LEAK_SCAN} row on the audit chain: {@code SUCCESS} when it found nothing and read every place,
 * {@code FAILURE} otherwise, with the counts per kind of place (never where a PAN was nor what it was).
 */
@RestController
class LeakScanController {

    static final String ACTION = "LEAK_SCAN";
    private static final Logger LOG = LoggerFactory.getLogger(LeakScanController.class);

    private final LeakScanner scanner;
    private final AuditLog audit;

    LeakScanController(LeakScanner scanner, AuditLog audit) {
        this.scanner = scanner;
        this.audit = audit;
    }

    @GetMapping("/api/v1/audit/leak-scan")
    LeakReport scan(HttpServletRequest request, Authentication caller) {
        LeakReport report = scanner.scan();
        audit.append(request, caller, ACTION, report.clean() ? Outcome.SUCCESS : Outcome.FAILURE, List.of(), summary(report));
        LOG.info("Leak scan by {}: {} clear PANs in {} locations", caller.getName(), report.clearPans(), report.locations().size());
        return report;
    }

    private static Map<String, Object> summary(LeakReport report) {
        Map<String, Long> clearPans = new TreeMap<>();
        Map<String, Long> failed = new TreeMap<>();
        for (LeakReport.Location location : report.locations()) {
            clearPans.merge(location.kind(), location.clearPans(), Long::sum);
            if (location.status() == LeakReport.Status.FAILED) {
                failed.merge(location.kind(), 1L, Long::sum);
            }
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("clear_pans", report.clearPans());
        summary.put("locations", report.locations().size());
        summary.put("clear_pans_by_kind", clearPans);
        summary.put("failed_by_kind", failed);
        return summary;
    }
}
