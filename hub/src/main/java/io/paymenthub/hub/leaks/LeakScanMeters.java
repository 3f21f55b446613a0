package io.paymenthub.hub.leaks;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.paymenthub.hub.metrics.HubMeters;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * {@code hub_leak_scan_clear_pans{kind}}: the clear PANs the last scan on this hub found in each kind of place, so
 * that a scan finding any raises an alert, and keeps it raised until a clean scan. Never where they were nor what.
 */
@Component
class LeakScanMeters implements MeterBinder {

    private static final List<String> KINDS = List.of(LeakScanner.DATASTORE, LeakScanner.DEAD_LETTER, LeakScanner.ARCHIVE,
            LeakScanner.LOG);

    private final LeakScanner scanner;

    LeakScanMeters(LeakScanner scanner) {
        this.scanner = scanner;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (String kind : KINDS) {
            Gauge.builder(HubMeters.LEAK_SCAN_CLEAR_PANS, scanner, s -> s.lastClearPans(kind))
                    .description("Clear PANs the last leak scan found, by kind of place")
                    .tag("kind", kind)
                    .register(registry);
        }
    }
}
