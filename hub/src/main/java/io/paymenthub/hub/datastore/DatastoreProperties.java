package io.paymenthub.hub.datastore;

import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.NotNull;

/**
 * The datastore's roles. {@code app-role} is the PostgreSQL role the hub runs as ({@code spring.datasource.username})
 * when the migrations run as the owner ({@code spring.flyway.user}): the migrations grant it only what the hub needs.
 * Empty: the hub runs as the owner itself (development only; see docs/security.md).
 */
public record DatastoreProperties(@NotNull @Pattern(regexp = "|[a-z_][a-z0-9_]{0,62}") String appRole) {
}
