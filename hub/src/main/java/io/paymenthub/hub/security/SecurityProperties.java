package io.paymenthub.hub.security;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import java.util.List;

/** Users known to the hub itself (local profile); passwords are bcrypt hashes, never clear text. */
@Validated
@ConfigurationProperties("hub.security")
public record SecurityProperties(@Valid List<User> users) {

    public SecurityProperties {
        users = users == null ? List.of() : List.copyOf(users);
    }

    public record User(@NotBlank String name, @NotBlank String password, @NotEmpty List<Role> roles) {
        @Override
        public String toString() {
            return "User[name=" + name + ", roles=" + roles + "]";
        }
    }

    /** The four roles of DESIGN.md: least privilege, one job each. */
    public enum Role { OPS, ANALYST, AUDITOR, SUBMITTER }
}
