package io.paymenthub.hub.residency;

import io.paymenthub.hub.config.HubProperties;
import io.paymenthub.residency.ResidencyPolicy;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/**
 * The daily residency report of this region for auditors: how many payments were stored, forwarded and quarantined
 * on a UTC day, and how many stored payments did not originate in the home region — which must be zero.
 */
@RestController
class ResidencyReportController {

    /** One region's day. {@code storedWithForeignOrigin} counts rows that should never exist here. */
    record ResidencyReport(String region, LocalDate day, long stored, long forwarded, long quarantined,
                           long storedWithForeignOrigin) {
    }

    private final JdbcTemplate jdbc;
    private final String homeRegion;
    private final Set<String> homeCountries;

    ResidencyReportController(JdbcTemplate jdbc, HubProperties properties) {
        ResidencyPolicy policy = properties.residencyPolicy();
        this.jdbc = jdbc;
        this.homeRegion = policy.homeRegion();
        this.homeCountries = policy.regions().get(homeRegion).countries();
    }

    @GetMapping("/api/v1/audit/residency-report")
    ResidencyReport report(@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate day) {
        LocalDate reported = day != null ? day : LocalDate.now(ZoneOffset.UTC);
        Timestamp from = Timestamp.from(reported.atStartOfDay().toInstant(ZoneOffset.UTC));
        Timestamp to = Timestamp.from(reported.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC));

        long stored = count("select count(*) from payment where stored_at >= ? and stored_at < ?", from, to);
        long forwarded = count("select count(*) from residency_decision where outcome = 'FOREIGN' and decided_at >= ? and decided_at < ?", from, to);
        long quarantined = count("select count(*) from residency_decision where outcome = 'UNKNOWN' and decided_at >= ? and decided_at < ?", from, to);

        List<Object> arguments = new ArrayList<>(List.of(from, to, homeRegion));
        arguments.addAll(homeCountries);
        String homeCountryList = String.join(", ", Collections.nCopies(Math.max(1, homeCountries.size()), "?"));
        if (homeCountries.isEmpty()) {
            arguments.add("");
        }
        long foreign = count("select count(*) from payment where stored_at >= ? and stored_at < ? and (region <> ?"
                + " or origin_country is null or origin_country not in (" + homeCountryList + "))", arguments.toArray());
        return new ResidencyReport(homeRegion, reported, stored, forwarded, quarantined, foreign);
    }

    private long count(String sql, Object... arguments) {
        Long count = jdbc.queryForObject(sql, Long.class, arguments);
        return count == null ? 0 : count;
    }
}
