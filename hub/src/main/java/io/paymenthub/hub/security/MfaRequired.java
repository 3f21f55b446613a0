package io.paymenthub.hub.security;

import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * PCI DSS 8.4.2: every access to the hub needs multi-factor authentication. The identity provider says how the
 * user authenticated in the token's {@code amr} claim (RFC 8176); the token is refused unless it lists one of the
 * accepted methods, e.g. {@code ["pwd","mfa"]} passes, {@code ["pwd"]} does not. The one exception is a machine's
 * token (client credentials, no person behind it) whose only role is {@code monitoring}: it reaches the metrics
 * scrape and nothing else, so a scraper never needs MFA weakened for it.
 */
final class MfaRequired implements OAuth2TokenValidator<Jwt> {

    static final String DESCRIPTION = "multi-factor authentication required";
    private static final Set<String> SCRAPER = Set.of("ROLE_" + SecurityProperties.Role.MONITORING.name());

    private final String claim;
    private final Set<String> accepted;
    private final ClaimRoles roles;

    MfaRequired(String claim, List<String> accepted, ClaimRoles roles) {
        this.claim = claim;
        this.accepted = accepted.stream().map(method -> method.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        this.roles = roles;
    }

    @Override
    public OAuth2TokenValidatorResult validate(Jwt token) {
        if (roles.convert(token).stream().map(org.springframework.security.core.GrantedAuthority::getAuthority)
                .collect(Collectors.toSet()).equals(SCRAPER)) {
            return OAuth2TokenValidatorResult.success();
        }
        Object methods = token.getClaims().get(claim);
        if (methods instanceof java.util.Collection<?> listed
                && listed.stream().anyMatch(method -> accepted.contains(String.valueOf(method).toLowerCase(Locale.ROOT)))) {
            return OAuth2TokenValidatorResult.success();
        }
        return OAuth2TokenValidatorResult.failure(new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN,
                DESCRIPTION + " (" + claim + ")", null));
    }
}
