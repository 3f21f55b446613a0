package io.paymenthub.hub.support;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Settings for a hub in the {@code prod} profile against this run's dev servers, as command-line arguments. The dev
 * servers speak plain text, so the hops a test does not exercise are turned off, the datastore is plain text on
 * purpose ({@code sslmode=disable}, which the hub warns about), and HTTP too unless a test gives it a keystore; a
 * test that checks a hop's TLS sets that hop's settings, which replace these.
 */
public final class ProdProfileHub {

    private final Map<String, String> settings = new LinkedHashMap<>();

    private ProdProfileHub(String camelName) {
        settings.put("camel.main.name", camelName);
        settings.put("server.port", "0");
        settings.put("server.ssl.enabled", "false");
        settings.put("hub.monitoring.port", String.valueOf(io.paymenthub.devservices.FreePorts.next()));
        settings.put("hub.sources.kafka.enabled", "false");
        settings.put("hub.sources.sqs.enabled", "false");
        settings.put("hub.sources.s3.enabled", "false");
        settings.put("hub.sources.iso8583.enabled", "false");
        settings.put("hub.archive.enabled", "false");
        // the dev servers' http:// endpoints: the prod profile refuses them, and these hops are off
        settings.put("hub.sources.sqs.endpoint", "");
        settings.put("hub.sources.s3.endpoint", "");
        settings.put("hub.archive.endpoint", "");
        settings.put("spring.datasource.url", plainDatastoreUrl());
        // SCRAM needs a JAAS line to make its clients at all; the dev broker is never reached with it
        settings.put("camel.component.kafka.sasl-jaas-config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"hub\" password=\"unused\";");
        settings.put("hub.masking.key-provider", "local");
        settings.put("hub.masking.keystore.path", "hub/target/test-keys.p12");
        settings.put("hub.masking.keystore.password", "local-keystore-password");   // the test keystore the other hubs of this run share
        settings.put("hub.masking.keystore.create-if-missing", "true");
    }

    public static ProdProfileHub named(String camelName) {
        return new ProdProfileHub(camelName);
    }

    /** Sets (or replaces) one setting. */
    public ProdProfileHub with(String key, String value) {
        settings.put(key, value);
        return this;
    }

    /** The identity provider stand-in's issuer, audience and key set. */
    public ProdProfileHub signedBy(String issuer, String audience, String jwkSetUri) {
        return with("hub.security.oidc.audiences", audience)
                .with("spring.security.oauth2.resourceserver.jwt.issuer-uri", issuer)
                .with("spring.security.oauth2.resourceserver.jwt.jwk-set-uri", jwkSetUri);
    }

    public String[] arguments() {
        return settings.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
    }

    /** The dev datastore's URL as the dev services give it: no {@code sslmode}, so the prod profile verifies TLS. */
    public static String datastoreUrl() {
        return System.getProperty("spring.datasource.url");
    }

    private static String plainDatastoreUrl() {
        return datastoreUrl() + (datastoreUrl().contains("?") ? "&" : "?") + "sslmode=disable";
    }
}
