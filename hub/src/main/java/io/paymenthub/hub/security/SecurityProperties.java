package io.paymenthub.hub.security;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * How people sign in (docs/security.md). {@code users}: the hub's own users with bcrypt hashes (local profile);
 * {@code oidc}: bearer JWTs from the bank's identity provider (prod profile), roles from a claim, MFA required.
 */
@Validated
@ConfigurationProperties("hub.security")
public record SecurityProperties(@DefaultValue("users") @NotNull Mode mode,
                                 @Valid List<User> users,
                                 @Valid @DefaultValue Oidc oidc,
                                 @Valid @DefaultValue LoginThrottle loginThrottle) {

    public SecurityProperties {
        users = users == null ? List.of() : List.copyOf(users);
    }

    public enum Mode { USERS, OIDC }

    public record User(@NotBlank String name, @NotBlank String password, @NotEmpty List<Role> roles) {
        @Override
        public String toString() {
            return "User[name=" + name + ", roles=" + roles + "]";
        }
    }

    /** The four roles of DESIGN.md: least privilege, one job each. */
    public enum Role { OPS, ANALYST, AUDITOR, SUBMITTER }

    /**
     * Claims of the identity provider's access tokens. {@code roles-claim} may be a path ({@code realm_access.roles});
     * its values are hub role names, or keys of {@code role-mapping} (e.g. a group id → {@code ANALYST}).
     * A token is accepted only when its {@code mfa-claim} lists one of {@code mfa-methods} (RFC 8176 values).
     */
    public record Oidc(@DefaultValue("roles") @NotBlank String rolesClaim,
                       @DefaultValue("sub") @NotBlank String principalClaim,
                       @DefaultValue("amr") @NotBlank String mfaClaim,
                       @DefaultValue("mfa") @NotEmpty List<String> mfaMethods,
                       Map<String, Role> roleMapping) {
        public Oidc {
            roleMapping = roleMapping == null ? Map.of() : Map.copyOf(roleMapping);
        }
    }

    /**
     * PCI DSS 8.3.4: after {@code max-failures} failed logins a user name is locked for {@code lockout}; one client
     * address is locked after {@code max-failures-per-address} (password spraying across names).
     */
    public record LoginThrottle(@DefaultValue("6") @Min(1) int maxFailures,
                                @DefaultValue("50") @Min(1) int maxFailuresPerAddress,
                                @DefaultValue("30m") @NotNull Duration lockout) {
    }
}
