package io.paymenthub.hub.access;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import java.time.Duration;

/**
 * Access grants ({@code hub.access}): a PAN-search grant allows {@code pan-search.max-per-grant} searches and a user
 * at most {@code pan-search.max-per-minute} in any 60 seconds, counted in the datastore so every instance shares
 * them; expired grants are recorded every {@code expiry-sweep} (they stop working at expiry regardless).
 */
public record AccessProperties(@Valid @NotNull PanSearch panSearch, @NotNull Duration expirySweep) {

    public record PanSearch(@Min(1) int maxPerGrant, @Min(1) int maxPerMinute) {
    }
}
