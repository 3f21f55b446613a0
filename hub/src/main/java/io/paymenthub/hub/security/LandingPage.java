package io.paymenthub.hub.security;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

import java.net.URI;

/** Where "/" (the page after login) leads: each role to its own tool. */
@Controller
class LandingPage {

    @GetMapping("/")
    ResponseEntity<Void> home(Authentication caller) {
        String role = caller.getAuthorities().stream().map(Object::toString).sorted().findFirst().orElse("");
        String target = switch (role) {
            case "ROLE_ANALYST" -> "/dashboard/";
            case "ROLE_OPS" -> "/actuator/hawtio/";
            case "ROLE_AUDITOR" -> "/api/v1/audit/verify";
            case "ROLE_APPROVER" -> "/api/v1/access-grants";
            default -> null;
        };
        return target == null ? ResponseEntity.status(HttpStatus.NO_CONTENT).build()
                : ResponseEntity.status(HttpStatus.FOUND).location(URI.create(target)).build();
    }
}
