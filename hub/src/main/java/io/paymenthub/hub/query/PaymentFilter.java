package io.paymenthub.hub.query;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The filters of {@code GET /api/v1/payments}, validated so that no filter can carry a card number: each is a
 * short code or a hex token, and an invalid one is reported by name, never echoed.
 */
record PaymentFilter(Instant from, Instant to, String region, String country, String currency, String status,
                     String token) {

    private static final Pattern REGION = Pattern.compile("[a-z][a-z0-9-]{0,31}");
    private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");
    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");
    private static final Pattern STATUS = Pattern.compile("[A-Z_]{1,16}");
    private static final Pattern TOKEN = Pattern.compile("[0-9a-f]{64}");

    /** What is wrong, one entry per bad filter; empty when every filter is acceptable. */
    List<String> problems() {
        List<String> problems = new ArrayList<>();
        check(problems, "region", region, REGION, "a region id such as 'in'");
        check(problems, "country", country, COUNTRY, "an ISO 3166 alpha-2 code such as 'IN'");
        check(problems, "currency", currency, CURRENCY, "an ISO 4217 code such as 'INR'");
        check(problems, "status", status, STATUS, "a status such as 'RECEIVED'");
        check(problems, "token", token, TOKEN, "a pan_token: 64 lower-case hex digits");
        if (from != null && to != null && !from.isBefore(to)) {
            problems.add("from: must be before to");
        }
        return problems;
    }

    /** The filters given, for the audit row. */
    Map<String, Object> given() {
        Map<String, Object> given = new LinkedHashMap<>();
        put(given, "from", from);
        put(given, "to", to);
        put(given, "region", region);
        put(given, "country", country);
        put(given, "currency", currency);
        put(given, "status", status);
        put(given, "token", token);
        return given;
    }

    private static void put(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value.toString());
        }
    }

    private static void check(List<String> problems, String name, String value, Pattern pattern, String expected) {
        if (value != null && !pattern.matcher(value).matches()) {
            problems.add(name + ": must be " + expected);
        }
    }
}
