package io.paymenthub.hub.access;

import io.paymenthub.hub.security.SecurityProperties.Role;

import java.util.Arrays;
import java.util.Optional;

/** What a grant opens, and the role whose work it is: only that role may request it. */
public enum AccessScope {

    /** {@code POST /api/v1/payments/search-by-pan}, within the PAN-search budget. */
    PAN_SEARCH("pan-search", Role.ANALYST),
    /** {@code GET /api/v1/audit/archive/{id}}. */
    ARCHIVE_OPEN("archive-open", Role.AUDITOR),
    /** {@code DELETE /actuator/hubkeys/{id}}: one grant destroys one key version for good. */
    KEY_DESTROY("key-destroy", Role.OPS);

    private final String id;
    private final Role role;

    AccessScope(String id, Role role) {
        this.id = id;
        this.role = role;
    }

    /** The name in the API, the table and the audit trail: {@code pan-search}. */
    public String id() {
        return id;
    }

    Role role() {
        return role;
    }

    static Optional<AccessScope> of(String id) {
        return Arrays.stream(values()).filter(scope -> scope.id.equals(id)).findFirst();
    }

    static String ids() {
        return String.join(", ", Arrays.stream(values()).map(scope -> "'" + scope.id + "'").toList());
    }
}
