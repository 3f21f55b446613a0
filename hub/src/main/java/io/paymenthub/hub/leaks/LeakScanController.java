package io.paymenthub.hub.leaks;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.security.Principal;

/** {@code GET /api/v1/audit/leak-scan} (role {@code auditor}): scans every place the hub keeps data, now. */
@RestController
class LeakScanController {

    private static final Logger LOG = LoggerFactory.getLogger(LeakScanController.class);

    private final LeakScanner scanner;

    LeakScanController(LeakScanner scanner) {
        this.scanner = scanner;
    }

    @GetMapping("/api/v1/audit/leak-scan")
    LeakReport scan(Principal who) {
        LeakReport report = scanner.scan();
        LOG.info("Leak scan by {}: {} clear PANs in {} locations", who.getName(), report.clearPans(), report.locations().size());
        return report;
    }
}
