package io.paymenthub.hub.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;

/**
 * The bank's identity provider as the hub sees it: an RSA key that signs access tokens, and its public half
 * served as a JWK set on loopback. {@link #otherKey()} signs tokens the hub must refuse.
 */
final class TestIdentityProvider implements AutoCloseable {

    static final String ISSUER = "https://idp.bank.test/realms/payments";
    /** The audience the hub's tokens are issued for (hub.security.oidc.audiences). */
    static final String AUDIENCE = "payment-hub";

    private final RSAKey key = newKey("hub-test-1");
    private final RSAKey otherKey = newKey("hub-test-1"); // same key id, different key: a forger's
    private final HttpServer server;

    TestIdentityProvider() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] jwks = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
        server.createContext("/jwks", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, jwks.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(jwks);
            }
        });
        server.start();
    }

    String jwkSetUri() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/jwks";
    }

    /** A token for {@code subject} with these roles and authentication methods (amr), valid for five minutes. */
    String token(String subject, List<String> roles, List<String> amr) {
        return sign(key, claims(subject, roles, amr, ISSUER, Instant.now().plus(Duration.ofMinutes(5))));
    }

    String token(JWTClaimsSet claims) {
        return sign(key, claims);
    }

    RSAKey otherKey() {
        return otherKey;
    }

    static JWTClaimsSet claims(String subject, List<String> roles, List<String> amr, String issuer, Instant expires) {
        return claims(subject, roles, amr, issuer, expires, AUDIENCE);
    }

    /** {@code audience} null: a token without {@code aud}. */
    static JWTClaimsSet claims(String subject, List<String> roles, List<String> amr, String issuer, Instant expires,
                               String audience) {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .audience(audience)
                .issuer(issuer)
                .subject(subject)
                .issueTime(Date.from(Instant.now().minusSeconds(5)))
                .expirationTime(Date.from(expires))
                .claim("roles", roles)
                .claim("realm_access", Map.of("roles", roles));
        if (amr != null) {
            claims.claim("amr", amr);
        }
        return claims.build();
    }

    static String sign(RSAKey with, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(with.getKeyID()).build(), claims);
            jwt.sign(new RSASSASigner(with));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static RSAKey newKey(String id) {
        try {
            return new RSAKeyGenerator(2048).keyID(id).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
