package io.paymenthub.hub.security;

import io.paymenthub.hub.security.SecurityProperties.Role;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;

import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The hub roles a token carries: the values of the roles claim (a dotted path such as {@code realm_access.roles}
 * reaches into nested objects), each either a role name exactly as the hub writes it ({@code analyst}, not
 * {@code Analyst}) or exactly a key of the role mapping. Anything else is ignored: a token without a known role may
 * sign in but reaches nothing.
 */
final class ClaimRoles implements Converter<Jwt, Collection<GrantedAuthority>> {

    private final List<String> path;
    private final Map<String, Role> mapping;

    ClaimRoles(String claimPath, Map<String, Role> mapping) {
        this.path = List.of(claimPath.split("\\."));
        this.mapping = mapping;
    }

    @Override
    public Collection<GrantedAuthority> convert(Jwt token) {
        Object value = token.getClaims();
        for (String step : path) {
            value = value instanceof Map<?, ?> object ? object.get(step) : null;
        }
        Collection<?> values = value instanceof Collection<?> list ? list
                : value instanceof String text ? List.of(text.split("[ ,]+")) : List.of();
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (Object item : values) {
            Role role = roleOf(String.valueOf(item));
            if (role != null) {
                roles.add(role);
            }
        }
        return roles.stream().map(role -> (GrantedAuthority) new SimpleGrantedAuthority("ROLE_" + role.name())).toList();
    }

    private Role roleOf(String value) {
        if (!mapping.isEmpty()) {
            return mapping.get(value);
        }
        // exactly as written: an identity provider's "Analyst" or "OPS" may be another group than the hub's role
        for (Role role : Role.values()) {
            if (role.name().toLowerCase(Locale.ROOT).equals(value)) {
                return role;
            }
        }
        return null;
    }
}
