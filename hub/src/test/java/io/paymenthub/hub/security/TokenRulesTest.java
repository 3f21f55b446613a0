package io.paymenthub.hub.security;

import io.paymenthub.hub.security.SecurityProperties.Role;
import org.junit.jupiter.api.Test;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The MFA rule and the role mapping, on tokens as the identity providers issue them. */
class TokenRulesTest {

    private final MfaRequired mfa = new MfaRequired("amr", List.of("mfa", "hwk"), new ClaimRoles("roles", Map.of()));

    @Test
    void aTokenPassesOnlyWithAnAcceptedAuthenticationMethod() {
        assertThat(mfa.validate(token(Map.of("amr", List.of("pwd", "mfa")))).hasErrors()).isFalse();
        assertThat(mfa.validate(token(Map.of("amr", List.of("HWK")))).hasErrors()).isFalse();
        assertThat(mfa.validate(token(Map.of("amr", List.of("pwd")))).hasErrors()).isTrue();
        assertThat(mfa.validate(token(Map.of("amr", "mfa"))).hasErrors()).isTrue(); // amr is an array (RFC 8176)
        assertThat(mfa.validate(token(Map.of("scope", "openid"))).getErrors())
                .singleElement().satisfies(error -> assertThat(error.getDescription()).isEqualTo("multi-factor authentication required (amr)"));
    }

    @Test
    void onlyAMachineTokenWhoseOnlyRoleIsMonitoringPassesWithoutMfa() {
        assertThat(mfa.validate(token(Map.of("roles", List.of("monitoring")))).hasErrors()).isFalse();
        assertThat(mfa.validate(token(Map.of("roles", List.of("monitoring", "ops")))).hasErrors()).isTrue();
        assertThat(mfa.validate(token(Map.of("roles", List.of("monitoring", "analyst"), "amr", List.of("pwd")))).hasErrors()).isTrue();
        assertThat(mfa.validate(token(Map.of("roles", List.of("Monitoring")))).hasErrors()).isTrue();
    }

    @Test
    void rolesComeFromANestedClaimExactlyAsWrittenAndOthersAreIgnored() {
        ClaimRoles roles = new ClaimRoles("realm_access.roles", Map.of());
        Jwt token = token(Map.of("realm_access", Map.of("roles", List.of("analyst", "offline_access", "Auditor", "OPS"))));

        assertThat(names(roles.convert(token))).containsExactly("ROLE_ANALYST");
        assertThat(roles.convert(token(Map.of("roles", List.of("ops"))))).isEmpty();
    }

    @Test
    void aRoleMappingTranslatesTheIdentityProvidersGroupIds() {
        ClaimRoles roles = new ClaimRoles("groups", Map.of("6f1c-ops-group", Role.OPS));

        assertThat(names(roles.convert(token(Map.of("groups", List.of("6f1c-ops-group", "ops")))))).containsExactly("ROLE_OPS");
        assertThat(roles.convert(token(Map.of("groups", List.of("6F1C-OPS-GROUP"))))).isEmpty();
    }

    private static List<String> names(java.util.Collection<GrantedAuthority> authorities) {
        return authorities.stream().map(GrantedAuthority::getAuthority).toList();
    }

    private static Jwt token(Map<String, Object> claims) {
        Jwt.Builder builder = Jwt.withTokenValue("t").header("alg", "RS256").subject("alice")
                .issuedAt(Instant.now()).expiresAt(Instant.now().plusSeconds(60));
        claims.forEach(builder::claim);
        return builder.build();
    }
}
