package io.paymenthub.hub.analytics;

import java.util.Arrays;
import java.util.Optional;

/** A time dimension: payments grouped by the UTC hour, day, ISO week (from Monday) or month they were received. */
enum TimeBucket {
    HOUR, DAY, WEEK, MONTH;

    String field() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    static Optional<TimeBucket> named(String field) {
        return Arrays.stream(values()).filter(bucket -> bucket.field().equals(field)).findFirst();
    }
}
