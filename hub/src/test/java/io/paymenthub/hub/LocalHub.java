package io.paymenthub.hub;

import io.paymenthub.devservices.DevServices;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Runs the hub on this machine against real embedded servers (PostgreSQL, Kafka, SQS, S3) started from the
 * test classpath, so none of them ships in the jar. Started by {@code ./mvnw -pl hub spring-boot:test-run}.
 */
public final class LocalHub {

    private LocalHub() {
    }

    public static void main(String[] args) {
        DevServices services = DevServices.get();
        services.applyAsSystemProperties();
        ConfigurableApplicationContext hub = new SpringApplicationBuilder(PaymentHubApplication.class)
                .profiles("local")
                .run(args);
        String base = "http://localhost:" + hub.getEnvironment().getProperty("local.server.port");
        String topic = hub.getEnvironment().getProperty("hub.sources.kafka.topic");
        System.out.println("""

                Payment Residency Hub is running (local profile). Ctrl-C stops it.
                  Hawtio       %1$s/actuator/hawtio        (ops / ops-local)
                  Health       %1$s/actuator/health
                  Dashboard    %1$s/dashboard/              (analyst / analyst-local)
                  Ingest       POST %1$s/api/v1/messages    (submitter / submitter-local), ISO 8583 TCP on port 8583
                  Prometheus   %1$s/actuator/prometheus    (ops / ops-local)
                  Dashboard    %1$s/dashboard/             (analyst / analyst-local)
                  Query API    %1$s/api/v1/payments        (analyst / analyst-local)
                  Audit trail  %1$s/api/v1/audit/verify    (auditor / auditor-local)
                  Other users  submitter / submitter-local
                  Send payments to Kafka topic '%2$s'.
                  Route files saved in routes/ are loaded within seconds, e.g. a feed from routes/examples/.
                %3$s
                """.formatted(base, topic, services.describe()));
    }
}
