package io.paymenthub.hub;

import io.paymenthub.devservices.DevServicesExtension;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The local profile reloads route files (config/application-local.yaml): a feed saved into the watched directory
 * while the hub runs starts within seconds and stores payments, and the routes already running keep running. The
 * local run watches routes/; this test points the same settings at a directory of its own.
 */
@ExtendWith(DevServicesExtension.class)
class RouteReloadIT {

    private static final String FEED = "ingest-http-narmada-bank";

    @Test
    void aFeedSavedWhileTheHubRunsStartsWithinSecondsBesideTheRunningRoutes(@TempDir Path watched) throws Exception {
        try (ConfigurableApplicationContext hub = new SpringApplicationBuilder(PaymentHubApplication.class)
                .profiles("local")
                .run("--server.port=0", "--camel.main.name=payment-hub-route-reload",
                        "--camel.main.routes-reload-directory=" + watched,
                        "--hub.sources.kafka.enabled=false",
                        "--hub.sources.iso8583.enabled=false",
                        "--hub.masking.keystore.path=hub/target/test-keys.p12")) {
            CamelContext camel = hub.getBean(CamelContext.class);
            int running = camel.getRoutes().size();
            assertThat(camel.getRoute(FEED)).isNull();

            Files.copy(Path.of("routes/examples", FEED + ".camel.yaml"), watched.resolve(FEED + ".camel.yaml"));

            await().atMost(Duration.ofSeconds(20)).until(() -> camel.getRouteController().getRouteStatus(FEED) == ServiceStatus.Started);
            assertThat(camel.getRoutes()).hasSize(running + 1);
            assertThat(camel.getRouteController().getRouteStatus("ingest-http")).isEqualTo(ServiceStatus.Started);
            String uetr = UUID.randomUUID().toString();
            assertThat(post(hub, uetr)).isEqualTo(HttpStatus.ACCEPTED);
            assertThat(hub.getBean(JdbcTemplate.class).queryForObject("select source from payment where message_id = ?",
                    String.class, uetr)).isEqualTo("http");
        }
    }

    private static HttpStatus post(ConfigurableApplicationContext hub, String uetr) throws IOException {
        String document;
        try (InputStream in = RouteReloadIT.class.getResourceAsStream("/samples/iso20022/pacs008-in.xml")) {
            document = new String(in.readAllBytes(), StandardCharsets.UTF_8).replaceFirst("<UETR>[^<]*</UETR>", "<UETR>" + uetr + "</UETR>");
        }
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_XML);
        String url = "http://localhost:" + hub.getEnvironment().getProperty("local.server.port") + "/api/v1/messages/narmada-bank";
        return HttpStatus.valueOf(new TestRestTemplate().withBasicAuth("submitter", "submitter-local")
                .postForEntity(url, new HttpEntity<>(document.getBytes(StandardCharsets.UTF_8), headers), String.class)
                .getStatusCode().value());
    }
}
