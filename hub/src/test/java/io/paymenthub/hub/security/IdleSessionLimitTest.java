package io.paymenthub.hub.security;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.web.ServerProperties;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IdleSessionLimitTest {

    @Test
    void fifteenMinutesOrLessIsAccepted() {
        assertThatCode(() -> IdleSessionLimit.check(server(Duration.ofMinutes(15)))).doesNotThrowAnyException();
        assertThatCode(() -> IdleSessionLimit.check(server(Duration.ofMinutes(5)))).doesNotThrowAnyException();
    }

    @Test
    void longerUnsetOrEndlessSessionsRefuseTheStartNamingTheKey() {
        assertThatThrownBy(() -> IdleSessionLimit.check(server(Duration.ofMinutes(16))))
                .hasMessageStartingWith("server.servlet.session.timeout is PT16M: local users' idle sessions must end within 15 minutes");
        assertThatThrownBy(() -> IdleSessionLimit.check(server(null)))
                .hasMessageStartingWith("server.servlet.session.timeout is not set (30 minutes)");
        assertThatThrownBy(() -> IdleSessionLimit.check(server(Duration.ZERO)))
                .hasMessageStartingWith("server.servlet.session.timeout is PT0S");
    }

    private static ServerProperties server(Duration timeout) {
        ServerProperties server = new ServerProperties();
        server.getServlet().getSession().setTimeout(timeout);
        return server;
    }
}
