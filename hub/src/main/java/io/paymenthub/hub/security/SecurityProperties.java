package io.paymenthub.hub.security;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * How people sign in (docs/security.md). {@code users}: the hub's own users with bcrypt hashes (local profile);
 * {@code oidc}: bearer JWTs from the bank's identity provider (prod profile), roles from a claim, MFA required.
 */
public record SecurityProperties(@NotNull Mode mode,
                                 @Valid List<User> users,
                                 @Valid @DefaultValue Oidc oidc,
                                 @Valid @NotNull LoginThrottle loginThrottle) {

    public SecurityProperties {
        users = users == null ? List.of() : List.copyOf(users);
        if (mode == Mode.OIDC && oidc != null && oidc.audiences().isEmpty()) {
            // without an audience check, a token the identity provider issued for any other application would do
            throw new IllegalArgumentException("hub.security.oidc.audiences must name the hub's audience (the aud claim"
                    + " its tokens carry, e.g. the hub's client id) when hub.security.mode=oidc");
        }
    }

    public enum Mode { USERS, OIDC }

    public record User(@NotBlank String name, @NotBlank String password, @NotEmpty List<Role> roles) {
        @Override
        public String toString() {
            return "User[name=" + name + ", roles=" + roles + "]";
        }
    }

    /**
     * The roles of DESIGN.md: least privilege, one job each; {@code APPROVER} approves other users' access grants;
     * {@code MONITORING} is a machine's (the Prometheus scraper's), which reaches {@code /actuator/prometheus} only.
     */
    public enum Role { OPS, ANALYST, AUDITOR, SUBMITTER, APPROVER, MONITORING }

    /**
     * Claims of the identity provider's access tokens. {@code roles-claim} may be a path ({@code realm_access.roles});
     * its values are hub role names, or keys of {@code role-mapping} (e.g. a group id → {@code ANALYST}).
     * A token is accepted only when its {@code mfa-claim} lists one of {@code mfa-methods} (RFC 8176 values).
     * {@code issuer-uri} and {@code audiences} are handed to Spring's resource server (config/application-prod.yaml).
     */
    public record Oidc(String issuerUri, List<String> audiences,
                       @DefaultValue("roles") @NotBlank String rolesClaim,
                       @DefaultValue("sub") @NotBlank String principalClaim,
                       @DefaultValue("amr") @NotBlank String mfaClaim,
                       @DefaultValue("mfa") @NotEmpty List<String> mfaMethods,
                       Map<String, Role> roleMapping) {
        public Oidc {
            audiences = audiences == null ? List.of() : audiences.stream().filter(a -> a != null && !a.isBlank()).toList();
            roleMapping = roleMapping == null ? Map.of() : Map.copyOf(roleMapping);
        }
    }

    /**
     * PCI DSS 8.3.4: after {@code max-failures} (at most 10) failed logins a user name is locked for {@code lockout};
     * one client address is locked after {@code max-failures-per-address} (password spraying across names). At most
     * {@code max-tracked} user names and as many addresses are counted at a time, so a flood of names has a memory bound.
     */
    public record LoginThrottle(@Min(1) @Max(10) int maxFailures,
                                @Min(1) int maxFailuresPerAddress,
                                @NotNull Duration lockout,
                                @Min(10) int maxTracked) {
    }
}
