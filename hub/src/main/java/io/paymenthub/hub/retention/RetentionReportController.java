package io.paymenthub.hub.retention;

import io.paymenthub.hub.audit.AuditLog;
import io.paymenthub.hub.audit.AuditRecord.Outcome;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.Map;

/** {@code GET /api/v1/audit/retention-report} (auditor): the retention evidence, itself audited. */
@RestController
class RetentionReportController {

    private final RetentionReports reports;
    private final AuditLog audit;

    RetentionReportController(RetentionReports reports, AuditLog audit) {
        this.reports = reports;
        this.audit = audit;
    }

    @GetMapping("/api/v1/audit/retention-report")
    ResponseEntity<RetentionReport> report(HttpServletRequest request, Authentication caller) {
        RetentionReport report = reports.report();
        audit.append(request, caller, "RETENTION_REPORT", Outcome.SUCCESS, List.of(),
                Map.of("clean", report.clean(), "stores", report.stores().size()));
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(report);
    }
}
