package io.paymenthub.migrate;

import io.paymenthub.hub.datastore.DatastoreConfiguration;
import io.paymenthub.hub.datastore.DatastoreProperties;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.flyway.FlywayAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;

import java.util.Arrays;

/**
 * {@code java -jar payment-hub.jar --hub.mode=migrate}: migrates the datastore's schema as its owner
 * ({@code spring.flyway.user} / {@code spring.flyway.password}) and exits, nothing else started. Run before the hub —
 * a Kubernetes init container or Job holding the owner's secret — so the hub itself connects only as the application
 * role, which cannot alter, disable or rewrite what the migrations made (docs/security.md).
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@ImportAutoConfiguration({DataSourceAutoConfiguration.class, FlywayAutoConfiguration.class})
@Import(DatastoreConfiguration.class)
public class DatabaseMigration {

    private static final Logger LOG = LoggerFactory.getLogger(DatabaseMigration.class);
    private static final String MODE_ARGUMENT = "--hub.mode=migrate";

    /** Whether the jar was asked to migrate and exit: {@code --hub.mode=migrate} or {@code HUB_MODE=migrate}. */
    public static boolean requested(String[] args, String modeFromEnvironment) {
        return Arrays.asList(args).contains(MODE_ARGUMENT) || "migrate".equalsIgnoreCase(modeFromEnvironment);
    }

    /** @return the exit code: 0 once the schema is current */
    public static int run(String[] args) {
        SpringApplication migration = new SpringApplication(DatabaseMigration.class);
        migration.setWebApplicationType(WebApplicationType.NONE);
        try (ConfigurableApplicationContext context = migration.run(args)) {
            Flyway flyway = context.getBean(Flyway.class);
            var current = flyway.info().current();
            LOG.info("Datastore schema is at version {}; migration done, exiting",
                    current == null ? "none" : current.getVersion());
            return 0;
        }
    }

    @Bean
    DatastoreProperties datastoreProperties(Environment environment) {
        return Binder.get(environment).bind("hub.datastore", DatastoreProperties.class)
                .orElseGet(() -> new DatastoreProperties(""));
    }
}
