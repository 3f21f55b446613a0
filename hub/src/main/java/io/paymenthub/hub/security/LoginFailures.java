package io.paymenthub.hub.security;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.paymenthub.hub.metrics.HubMeters;

/**
 * {@code hub_login_failures_total{outcome}}: logins refused for their credentials ({@code failed}) and attempts refused
 * unchecked while a user name or address is locked ({@code throttled}), for the alert on a burst of them. Tagged by
 * outcome only: a user name or an address as a tag would let anyone add series by guessing.
 */
final class LoginFailures {

    private final Counter failed;
    private final Counter throttled;

    LoginFailures(MeterRegistry meters) {
        this.failed = counter(meters, "failed");
        this.throttled = counter(meters, "throttled");
    }

    private static Counter counter(MeterRegistry meters, String outcome) {
        return Counter.builder(HubMeters.LOGIN_FAILURES)
                .description("Failed logins: refused credentials, and attempts refused while locked")
                .tag("outcome", outcome)
                .register(meters);
    }

    void failed() {
        failed.increment();
    }

    void throttled() {
        throttled.increment();
    }
}
