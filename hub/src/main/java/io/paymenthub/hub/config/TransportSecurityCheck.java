package io.paymenthub.hub.config;

import org.apache.commons.logging.Log;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertyResolver;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Encrypted in motion, every hop, in the {@code prod} profile (PCI DSS 4.2.1; docs/security.md, "Production
 * checklist"), decided before anything connects:
 * <ul>
 *   <li>the datastore: a JDBC URL without {@code sslmode} gets {@code sslmode=verify-full}, for the hub and for its
 *       migrations alike;</li>
 *   <li>AWS endpoints (SQS, S3, the archive, audit anchors, KMS): an {@code http://} override refuses the start-up —
 *       the SDK's own endpoints are HTTPS;</li>
 *   <li>a hop set to plain text on purpose — ISO 8583 {@code tls.enabled=false}, HTTP {@code server.ssl.enabled=false},
 *       a weaker {@code sslmode}, a Kafka {@code security-protocol} without SSL — starts, with a warning naming the
 *       setting. {@code k8s/check.sh} refuses each of them in the shipped overlays.</li>
 * </ul>
 */
public final class TransportSecurityCheck implements EnvironmentPostProcessor {

    static final String PROFILE = "prod";
    static final String DATASOURCE_URL = "spring.datasource.url";
    static final List<String> AWS_ENDPOINTS = List.of("hub.sources.sqs.endpoint", "hub.sources.s3.endpoint",
            "hub.archive.endpoint", "hub.audit.anchor.endpoint", "hub.masking.kms.endpoint", "hub.leak-scan.archive.endpoint");
    private static final Set<String> KAFKA_ENCRYPTED = Set.of("SSL", "SASL_SSL");
    private static final Set<String> SSLMODE_ENCRYPTED = Set.of("require", "verify-ca", "verify-full");
    private static final Pattern SSLMODE = Pattern.compile("[?&]sslmode=([^&]*)");

    private final Log log;

    public TransportSecurityCheck(DeferredLogFactory logs) {
        this.log = logs.getLog(TransportSecurityCheck.class);
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (!environment.matchesProfiles(PROFILE)) {
            return;
        }
        for (String key : AWS_ENDPOINTS) {
            String endpoint = environment.getProperty(key, "");
            if (endpoint.toLowerCase(Locale.ROOT).startsWith("http://")) {
                throw new IllegalStateException(key + " is " + endpoint + ": the prod profile reaches AWS over HTTPS only");
            }
        }
        verifyDatastore(environment);
        for (Hop hop : hops(environment)) {
            if (!hop.verified()) {
                warn(hop.downgrade());
            }
        }
    }

    /**
     * One hop the hub makes or serves, as configured now: {@code encrypted} when it speaks TLS, {@code verified} when
     * it also checks the other end as the prod profile wants; {@code downgrade} says what is missing.
     */
    public record Hop(String name, String setting, String value, boolean encrypted, boolean verified, String downgrade) {
    }

    /** Every hop, for the start-up warnings and the crypto inventory alike; no secret is read. */
    public static List<Hop> hops(PropertyResolver environment) {
        List<Hop> hops = new ArrayList<>();
        boolean https = environment.getProperty("server.ssl.enabled", Boolean.class, true)
                && !(environment.getProperty("server.ssl.key-store", "").isBlank()
                && environment.getProperty("server.ssl.bundle", "").isBlank());
        hops.add(new Hop("http", "server.ssl.enabled", https ? "TLS" : "plain", https, https,
                "server.ssl.enabled=false: the hub's HTTP port serves plain text (logins, tokens, payments)"));
        if (environment.getProperty("hub.sources.iso8583.enabled", Boolean.class, true)) {
            boolean tls = environment.getProperty("hub.sources.iso8583.tls.enabled", Boolean.class, false);
            String clientAuth = environment.getProperty("hub.sources.iso8583.tls.client-auth", "none").toLowerCase(Locale.ROOT);
            hops.add(new Hop("iso8583", "hub.sources.iso8583.tls.enabled", tls ? "TLS, client-auth " + clientAuth : "plain",
                    tls, tls, "hub.sources.iso8583.tls.enabled=false: the ISO 8583 listener takes card data in plain text"));
        }
        String url = environment.getProperty(DATASOURCE_URL, "");
        if (url.startsWith("jdbc:postgresql:")) {
            Matcher mode = SSLMODE.matcher(url);
            String sslmode = mode.find() ? mode.group(1) : "prefer";   // the driver's default when the URL names none
            hops.add(new Hop("datastore", DATASOURCE_URL + " sslmode", sslmode, SSLMODE_ENCRYPTED.contains(sslmode),
                    "verify-full".equals(sslmode),
                    DATASOURCE_URL + " has sslmode=" + sslmode + ": the datastore's certificate and name are not both verified"));
        }
        String kafka = environment.getProperty("camel.component.kafka.security-protocol", "PLAINTEXT");
        boolean kafkaTls = KAFKA_ENCRYPTED.contains(kafka.toUpperCase(Locale.ROOT));
        hops.add(new Hop("kafka", "camel.component.kafka.security-protocol", kafka
                + (kafka.toUpperCase(Locale.ROOT).startsWith("SASL") ? " " + environment.getProperty("camel.component.kafka.sasl-mechanism", "") : ""),
                kafkaTls, kafkaTls, "camel.component.kafka.security-protocol=" + kafka + ": every Kafka client of the hub talks in plain text"));
        for (String key : AWS_ENDPOINTS) {
            String endpoint = environment.getProperty(key, "");
            boolean plain = endpoint.toLowerCase(Locale.ROOT).startsWith("http://");
            hops.add(new Hop("aws " + key, key, endpoint.isBlank() ? "AWS default endpoint (HTTPS)" : endpoint, !plain, !plain,
                    key + " is " + endpoint + ": plain HTTP"));
        }
        return hops;
    }

    /** {@code sslmode=verify-full} unless the URL names a mode itself; a weaker named mode is warned about. */
    private void verifyDatastore(ConfigurableEnvironment environment) {
        String url = environment.getProperty(DATASOURCE_URL, "");
        if (!url.startsWith("jdbc:postgresql:")) {
            return;
        }
        Matcher mode = SSLMODE.matcher(url);
        if (!mode.find()) {
            String verified = url + (url.contains("?") ? "&" : "?") + "sslmode=verify-full";
            environment.getPropertySources().addFirst(new MapPropertySource("hub-datastore-tls", Map.of(DATASOURCE_URL, verified)));
        }
    }

    private void warn(String downgrade) {
        log.warn("Plain text on purpose in the prod profile: " + downgrade);
    }
}
