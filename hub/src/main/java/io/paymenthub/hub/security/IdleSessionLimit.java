package io.paymenthub.hub.security;

import org.springframework.boot.autoconfigure.web.ServerProperties;

import java.time.Duration;

/**
 * PCI DSS 8.2.8: a local user's session idle for 15 minutes ends. A longer {@code server.servlet.session.timeout}
 * (unset, the servlet container's 30 minutes) refuses the start-up.
 */
final class IdleSessionLimit {

    static final String KEY = "server.servlet.session.timeout";
    static final Duration MAX = Duration.ofMinutes(15);

    private IdleSessionLimit() {
    }

    static void check(ServerProperties server) {
        Duration timeout = server.getServlet().getSession().getTimeout();
        Duration effective = timeout == null ? Duration.ofMinutes(30) : timeout;
        if (effective.compareTo(MAX) > 0 || effective.isZero() || effective.isNegative()) {
            throw new IllegalStateException(KEY + " is " + (timeout == null ? "not set (30 minutes)" : timeout)
                    + ": local users' idle sessions must end within 15 minutes (PCI DSS 8.2.8)");
        }
    }
}
