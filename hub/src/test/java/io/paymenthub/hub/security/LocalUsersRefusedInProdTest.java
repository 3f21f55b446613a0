package io.paymenthub.hub.security;

import io.paymenthub.hub.PaymentHubApplication;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The hub started with the prod profile and local users: refused while the environment is prepared, before any
 * server is reached (none runs for this test), with the setting named.
 */
class LocalUsersRefusedInProdTest {

    @Test
    void theUsersModeIsRefusedWithTheProdProfile() {
        assertThatThrownBy(() -> start(new String[] {"prod"}, "--hub.security.mode=users"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("hub.security.mode is users, which the prod profile refuses");
    }

    @Test
    void theLocalProfilesUsersAreRefusedBesideProd() {
        assertThatThrownBy(() -> start(new String[] {"prod", "local"}))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("hub.security.users holds 5 local user(s), which the prod profile refuses");
    }

    @Test
    void oneConfiguredUserIsRefusedEvenInOidcMode() {
        assertThatThrownBy(() -> start(new String[] {"prod"}, "--hub.security.users[0].name=break-glass",
                "--hub.security.users[0].password={bcrypt}$2a$04$abcdefghijklmnopqrstuu", "--hub.security.users[0].roles=OPS"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("hub.security.users holds 1 local user(s)");
    }

    private static void start(String[] profiles, String... arguments) {
        String[] all = new String[arguments.length + 2];
        all[0] = "--server.port=0";
        all[1] = "--camel.main.name=payment-hub-refused";
        System.arraycopy(arguments, 0, all, 2, arguments.length);
        new SpringApplicationBuilder(PaymentHubApplication.class).profiles(profiles).run(all).close();
    }
}
