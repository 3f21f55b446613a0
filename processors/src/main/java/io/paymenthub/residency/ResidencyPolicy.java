package io.paymenthub.residency;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Which countries belong to which region, where each region's data goes, and the public key it is sealed with on
 * the way ({@code seal-public-key}, {@code <key id>:<base64>}; blank: none, and that region's payments are
 * quarantined rather than forwarded in clear). Validated once at start-up: the home region is known, each country
 * sits in at most one region, and every other region has a forward URI.
 */
public record ResidencyPolicy(String homeRegion, Map<String, Region> regions, String quarantineUri) {

    public record Region(Set<String> countries, String forwardUri, String sealPublicKey) {
        public Region {
            countries = countries == null ? Set.of() : Set.copyOf(countries);
        }
    }

    public ResidencyPolicy {
        Objects.requireNonNull(homeRegion, "hub.region is required");
        regions = Map.copyOf(regions);
        if (!regions.containsKey(homeRegion)) {
            throw new IllegalArgumentException("hub.region '" + homeRegion + "' is not one of hub.residency.regions " + regions.keySet());
        }
        if (quarantineUri == null || quarantineUri.isBlank()) {
            throw new IllegalArgumentException("hub.residency.quarantine-uri is required: unknown origins fail closed");
        }
        Map<String, String> seen = new HashMap<>();
        regions.forEach((id, region) -> {
            if (!id.equals(homeRegion) && (region.forwardUri() == null || region.forwardUri().isBlank())) {
                throw new IllegalArgumentException("hub.residency.regions." + id + ".forward-uri is required");
            }
            for (String country : region.countries()) {
                String previous = seen.put(country, id);
                if (previous != null) {
                    throw new IllegalArgumentException("country " + country + " is in both regions " + previous + " and " + id);
                }
            }
        });
    }

    /** The region a country belongs to, or null when no region claims it. */
    public String regionOf(String country) {
        for (Map.Entry<String, Region> entry : regions.entrySet()) {
            if (entry.getValue().countries().contains(country)) {
                return entry.getKey();
            }
        }
        return null;
    }

    public String forwardUriOf(String region) {
        return regions.get(region).forwardUri();
    }

    /** Whether payments of a region can be sealed for it: its public key is configured. */
    public boolean canSealFor(String region) {
        Region target = regions.get(region);
        return target != null && target.sealPublicKey() != null && !target.sealPublicKey().isBlank();
    }
}
