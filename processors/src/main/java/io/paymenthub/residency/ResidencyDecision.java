package io.paymenthub.residency;

/**
 * Where one payment's data may live, and why.
 *
 * @param outcome        LOCAL (store here), FOREIGN (forward to its home region) or UNKNOWN (quarantine)
 * @param originCountry  ISO 3166 alpha-2 country the deciding field named, null when none did
 * @param region         the origin's region id, null when UNKNOWN
 * @param decidingField  the field that decided (e.g. {@code DE19}), or why nothing could
 */
public record ResidencyDecision(Outcome outcome, String originCountry, String region, String decidingField) {

    public enum Outcome { LOCAL, FOREIGN, UNKNOWN }
}
