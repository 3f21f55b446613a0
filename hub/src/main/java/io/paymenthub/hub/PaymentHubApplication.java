package io.paymenthub.hub;

import io.paymenthub.migrate.DatabaseMigration;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class PaymentHubApplication {

    public static void main(String[] args) {
        try {
            if (DatabaseMigration.requested(args, System.getenv("HUB_MODE"))) {
                System.exit(DatabaseMigration.run(args));
            }
            SpringApplication.run(PaymentHubApplication.class, args);
        } catch (RuntimeException e) {
            // a supervisor (Kubernetes, systemd, a CI job) must see a hub that cannot start exit, with the reason last
            LoggerFactory.getLogger(PaymentHubApplication.class).error("The payment hub did not start: {}", reason(e));
            System.exit(1);
        }
    }

    /** The innermost cause, on one line: the datastore's refusal, the unbound key, the port in use. */
    static String reason(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? "" : root.getMessage().strip().replaceAll("\\s*\\R\\s*", "; ");
        return root.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message);
    }
}
