package io.paymenthub.hub.security;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Profiles;

import java.util.List;

/**
 * Production people sign in at the bank's identity provider, with MFA (PCI DSS 8.4.2): with the {@code prod}
 * profile, {@code hub.security.mode: users} or any {@code hub.security.users} refuses the start-up, before anything
 * connects. Read before the context exists, into the same types {@link SecurityProperties} binds.
 */
public final class LocalUsersRefusedInProd implements EnvironmentPostProcessor {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (!environment.acceptsProfiles(Profiles.of("prod"))) {
            return;
        }
        Binder binder = Binder.get(environment);
        SecurityProperties.Mode mode = binder.bind("hub.security.mode", SecurityProperties.Mode.class).orElse(null);
        if (mode == SecurityProperties.Mode.USERS) {
            throw new IllegalStateException("hub.security.mode is users, which the prod profile refuses: people sign in"
                    + " through the bank's identity provider (hub.security.mode: oidc, docs/security.md)");
        }
        List<SecurityProperties.User> users = binder.bind("hub.security.users", Bindable.listOf(SecurityProperties.User.class))
                .orElse(List.of());
        if (!users.isEmpty()) {
            throw new IllegalStateException("hub.security.users holds " + users.size() + " local user(s), which the prod"
                    + " profile refuses: remove them (is the local profile active too?); people sign in through the bank's"
                    + " identity provider");
        }
    }
}
