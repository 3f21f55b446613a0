package io.paymenthub.payment;

/**
 * One hint of where a payment originated: the field that says so and the ISO 3166 alpha-2 country.
 * Example: {@code new OriginSignal("DE19", "IN")}, {@code new OriginSignal("DbtrAgt/BICFI", "SG")}.
 */
public record OriginSignal(String field, String country) {
}
