package io.paymenthub.hub.security;

import io.paymenthub.devservices.DevServicesExtension;
import io.paymenthub.devservices.FreePorts;
import io.paymenthub.hub.PaymentHubApplication;
import io.paymenthub.hub.kafka.KafkaClientSecurity;
import io.paymenthub.hub.support.Iso8583TestClient;
import io.paymenthub.hub.support.ProdProfileHub;
import org.apache.camel.CamelContext;
import org.jpos.iso.ISOMsg;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The prod profile's transport, hop by hop, against real servers: HTTPS only on the hub's port, ISO 8583 over TLS
 * with client certificates, the datastore verified, Kafka with SASL_SSL for every client the hub makes, AWS over
 * HTTPS only, and forwarded client addresses believed only from the configured proxies.
 */
@ExtendWith(DevServicesExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProdTransportIT {

    private static final String PASSWORD = "changeit-test";
    private static final List<String> MFA = List.of("pwd", "mfa");
    private static final Path DIR = Path.of("hub/target/prod-transport");
    private static final Path LOG = DIR.resolve("hub.log");

    private TestIdentityProvider idp;
    private ConfigurableApplicationContext hub;
    private int httpsPort;
    private int iso8583Port;
    private String startUpLog;

    @BeforeAll
    void startHub() throws Exception {
        org.springframework.util.FileSystemUtils.deleteRecursively(DIR);   // fresh stores each run
        Files.createDirectories(DIR);
        // the hub's certificate, a switch's certificate, and each side's truststore of the other
        keytool("-genkeypair", "-alias", "hub", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-ext", "san=dns:localhost,ip:127.0.0.1", "-validity", "2", "-keystore", store("hub.p12"));
        keytool("-genkeypair", "-alias", "switch", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=switch-1",
                "-validity", "2", "-keystore", store("switch.p12"));
        keytool("-exportcert", "-rfc", "-alias", "hub", "-keystore", store("hub.p12"), "-file", store("hub.crt"));
        keytool("-exportcert", "-rfc", "-alias", "switch", "-keystore", store("switch.p12"), "-file", store("switch.crt"));
        keytool("-importcert", "-noprompt", "-alias", "switch", "-file", store("switch.crt"), "-keystore", store("switches.p12"));
        keytool("-importcert", "-noprompt", "-alias", "hub", "-file", store("hub.crt"), "-keystore", store("hub-trust.p12"));

        idp = new TestIdentityProvider();
        iso8583Port = FreePorts.next();
        hub = new SpringApplicationBuilder(PaymentHubApplication.class).profiles("prod").run(ProdProfileHub.named("payment-hub-prod-transport")
                .signedBy(TestIdentityProvider.ISSUER, TestIdentityProvider.AUDIENCE, idp.jwkSetUri())
                .with("logging.file.name", LOG.toString())
                .with("server.ssl.enabled", "true")
                .with("server.ssl.key-store", "file:" + store("hub.p12"))
                .with("server.ssl.key-store-password", PASSWORD)
                .with("hub.sources.iso8583.enabled", "true")
                .with("hub.sources.iso8583.port", String.valueOf(iso8583Port))
                .with("hub.sources.iso8583.tls.keystore", "file:" + store("hub.p12"))
                .with("hub.sources.iso8583.tls.keystore-password", PASSWORD)
                .with("hub.sources.iso8583.tls.truststore", "file:" + store("switches.p12"))
                .with("hub.sources.iso8583.tls.truststore-password", PASSWORD)
                .with("server.tomcat.remoteip.internal-proxies", "127\\.0\\.0\\.1")   // this test stands in for the load balancer
                .arguments());
        httpsPort = Integer.parseInt(hub.getEnvironment().getProperty("local.server.port"));
        startUpLog = Files.readString(LOG);   // now: the hubs other tests start re-initialise the logging
    }

    @AfterAll
    void stopHub() {
        if (hub != null) {
            hub.close();
        }
        if (idp != null) {
            idp.close();
        }
    }

    @Test
    void theHttpPortSpeaksTlsOnlyAndPlainHttpGetsNothingButTheRefusal() throws Exception {
        HttpResponse<String> plain = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + httpsPort + "/actuator/health/liveness")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(plain.statusCode()).isEqualTo(400);
        assertThat(plain.body()).contains("TLS").doesNotContain("UP");

        HttpResponse<String> secure = https().send(HttpRequest.newBuilder(
                URI.create("https://localhost:" + httpsPort + "/actuator/health/liveness")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(secure.statusCode()).isEqualTo(200);
        assertThat(secure.body()).contains("UP");
        assertThat(hub.getEnvironment().getProperty("server.servlet.session.cookie.secure", Boolean.class)).isTrue();
    }

    @Test
    void theScraperReachesOnlyTheScrapeOnlyOnItsOwnPortWithAMachineTokenWithoutMfa() throws Exception {
        int monitoring = Integer.parseInt(hub.getEnvironment().getProperty("hub.monitoring.port"));
        String scraper = idp.token("prometheus", List.of("monitoring"), null);   // client credentials: no amr
        String ops = idp.token("olga", List.of("ops"), MFA);

        assertThat(get(monitoring, "/actuator/prometheus", scraper).statusCode()).isEqualTo(200);
        assertThat(get(monitoring, "/actuator/prometheus", scraper).body()).contains("jvm_memory_used_bytes");
        assertThat(get(monitoring, "/actuator/prometheus", null).statusCode()).isEqualTo(401);
        assertThat(get(monitoring, "/actuator/health", scraper).statusCode()).isEqualTo(404);
        assertThat(get(monitoring, "/actuator/hubkeys", ops).statusCode()).isEqualTo(404);
        assertThat(get(monitoring, "/api/v1/stats", ops).statusCode()).isEqualTo(404);
        // the main port: no scrape there, and the machine token opens nothing else
        assertThat(get(httpsPort, "/actuator/prometheus", scraper).statusCode()).isEqualTo(404);
        assertThat(get(httpsPort, "/api/v1/stats", scraper).statusCode()).isEqualTo(403);
        assertThat(get(httpsPort, "/actuator/jolokia/version", scraper).statusCode()).isEqualTo(403);
        // a person's token without MFA stays refused, whatever roles it carries besides
        assertThat(get(monitoring, "/actuator/prometheus", idp.token("mallory", List.of("monitoring", "ops"), List.of("pwd")))
                .statusCode()).isEqualTo(401);
    }

    @Test
    void iso8583TakesOnlyTlsFromASwitchWithACertificate() throws Exception {
        // plain text: the connection ends without an answer
        try (Socket plain = new Socket("localhost", iso8583Port)) {
            plain.setSoTimeout(15_000);
            plain.getOutputStream().write(Iso8583TestClient.frame(signOn().pack()));
            assertThat(readAnswer(plain.getInputStream())).isNull();
        }
        // TLS without a client certificate: the handshake or the first read fails, nothing is answered
        assertThatThrownBy(() -> {
            try (SSLSocket anonymous = (SSLSocket) tls(false).getSocketFactory().createSocket("localhost", iso8583Port)) {
                anonymous.setSoTimeout(15_000);
                anonymous.getOutputStream().write(Iso8583TestClient.frame(signOn().pack()));
                if (readAnswer(anonymous.getInputStream()) == null) {
                    throw new IOException("closed without an answer");
                }
            }
        }).isInstanceOf(IOException.class);
        // the switch with its certificate is answered
        try (SSLSocket known = (SSLSocket) tls(true).getSocketFactory().createSocket("localhost", iso8583Port)) {
            known.setSoTimeout(15_000);
            known.getOutputStream().write(Iso8583TestClient.frame(signOn().pack()));
            ISOMsg reply = Iso8583TestClient.unpack(readAnswer(known.getInputStream()));
            assertThat(reply.getMTI()).isEqualTo("0810");
            assertThat(reply.getString(39)).isEqualTo("00");
        }
    }

    @Test
    void everyKafkaClientOfTheHubUsesSaslSslSoAPlainBrokerIsNotReached() throws Exception {
        assertThat(KafkaClientSecurity.of(hub.getBean(CamelContext.class)))
                .containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.mechanism", "SCRAM-SHA-512");

        // the leak scanner's own consumer, against this run's plain-text broker: it does not get through
        HttpResponse<String> scan = https().send(HttpRequest.newBuilder(URI.create("https://localhost:" + httpsPort + "/api/v1/audit/leak-scan"))
                .header("Authorization", "Bearer " + idp.token("dora", List.of("auditor"), MFA)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(scan.statusCode()).isEqualTo(200);
        assertThat(scan.body()).containsPattern("\"kind\":\"dead-letter\",\"location\":\"[^\"]+\",\"status\":\"FAILED\"");
    }

    @Test
    void aForwardedClientAddressIsBelievedFromTheConfiguredProxyAndEachPlainHopIsWarnedAbout() throws Exception {
        HttpResponse<String> stats = https().send(HttpRequest.newBuilder(URI.create("https://localhost:" + httpsPort + "/api/v1/stats"))
                .header("Authorization", "Bearer " + idp.token("erin", List.of("analyst"), MFA))
                .header("X-Forwarded-For", "203.0.113.7").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(stats.statusCode()).isEqualTo(200);
        assertThat(hub.getBean(JdbcTemplate.class).queryForObject(
                "select source_ip from audit_event where actor = 'erin' and action = 'STATS_READ' order by seq desc limit 1",
                String.class)).isEqualTo("203.0.113.7");

        assertThat(startUpLog).contains("Payment hub ready").contains("Plain text on purpose in the prod profile: spring.datasource.url has sslmode=disable")
                .doesNotContain("server.ssl.enabled=false").doesNotContain("hub.sources.iso8583.tls.enabled=false")
                .doesNotContain("camel.component.kafka.security-protocol");
    }

    @Test
    void withoutADowngradeTheDatastoreIsReachedOnlyOverVerifiedTls() {
        String[] verified = ProdProfileHub.named("payment-hub-prod-datastore")
                .signedBy(TestIdentityProvider.ISSUER, TestIdentityProvider.AUDIENCE, idp.jwkSetUri())
                .with("spring.datasource.url", ProdProfileHub.datastoreUrl()).arguments();

        assertThatThrownBy(() -> new SpringApplicationBuilder(PaymentHubApplication.class).profiles("prod").run(verified).close())
                .rootCause().hasMessageContaining("does not support SSL");
    }

    @Test
    void anAwsEndpointOverPlainHttpRefusesTheStartUp() {
        String[] plainSqs = ProdProfileHub.named("payment-hub-prod-aws")
                .with("hub.sources.sqs.endpoint", "http://sqs.internal.example:9324").arguments();

        assertThatThrownBy(() -> new SpringApplicationBuilder(PaymentHubApplication.class).profiles("prod").run(plainSqs).close())
                .isInstanceOf(IllegalStateException.class).hasMessage("hub.sources.sqs.endpoint is http://sqs.internal.example:9324: the prod profile"
                        + " reaches AWS over HTTPS only");
    }

    private static ISOMsg signOn() throws Exception {
        ISOMsg signOn = new ISOMsg("0800");
        signOn.set(7, "1126101500");
        signOn.set(11, "000777");
        signOn.set(70, "301");
        signOn.setPackager(new org.jpos.iso.packager.ISO87APackager());
        return signOn;
    }

    /** The next frame, or null when the hub closed the connection first. */
    private static byte[] readAnswer(InputStream in) throws IOException {
        DataInputStream frames = new DataInputStream(in);
        int first = frames.read();
        if (first < 0) {
            return null;
        }
        byte[] answer = new byte[(first << 8) | frames.readUnsignedByte()];
        frames.readFully(answer);
        return answer;
    }

    private HttpResponse<String> get(int port, String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("https://localhost:" + port + path));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return https().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpClient https() throws Exception {
        return HttpClient.newBuilder().sslContext(tls(false)).connectTimeout(Duration.ofSeconds(5)).build();
    }

    private static SSLContext tls(boolean withClientCertificate) throws Exception {
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(load("hub-trust.p12"));
        KeyManagerFactory keys = null;
        if (withClientCertificate) {
            keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(load("switch.p12"), PASSWORD.toCharArray());
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
        return context;
    }

    private static KeyStore load(String name) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(DIR.resolve(name))) {
            store.load(in, PASSWORD.toCharArray());
        }
        return store;
    }

    private static String store(String name) {
        return DIR.resolve(name).toAbsolutePath().toString();
    }

    private static void keytool(String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        command.addAll(List.of(arguments));
        command.addAll(List.of("-storetype", "PKCS12", "-storepass", PASSWORD));
        if (command.contains("-genkeypair")) {
            command.addAll(List.of("-keypass", PASSWORD));
        }
        Process keytool = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes());
        assertThat(keytool.waitFor()).as(output).isZero();
    }
}
