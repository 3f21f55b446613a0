package io.paymenthub.hub.startup;

import io.paymenthub.devservices.DevServices;
import io.paymenthub.devservices.DevServicesExtension;
import io.paymenthub.devservices.LocalPostgres;
import io.paymenthub.hub.support.ForkedHub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code --hub.mode=migrate}: the packaged jar migrates an empty schema as its owner and exits 0, nothing else
 * started; afterwards the application role may use the tables and may not alter or unguard the audit trail.
 */
@ExtendWith(DevServicesExtension.class)
class MigrateModeIT {

    @Test
    void theJarMigratesAsTheOwnerAndExitsAndTheApplicationRoleCannotUndoWhatItMade() throws Exception {
        LocalPostgres postgres = DevServices.get().postgres();
        // an empty schema of its own stands for an empty database (the owner may not create databases here)
        String schema = "migrate_check_" + System.nanoTime();
        String url = postgres.jdbcUrl() + "?currentSchema=" + schema;

        int exit;
        Path log;
        try (ForkedHub migration = ForkedHub.startJar("migrate-mode", Map.of(
                "SPRING_DATASOURCE_URL", url,
                "SPRING_DATASOURCE_USERNAME", postgres.appUsername(),
                "SPRING_DATASOURCE_PASSWORD", postgres.appPassword(),
                "SPRING_FLYWAY_USER", postgres.username(),
                "SPRING_FLYWAY_PASSWORD", postgres.password(),
                "SPRING_FLYWAY_SCHEMAS", schema,
                "HUB_DATASTORE_APP_ROLE", LocalPostgres.APP_USERNAME), List.of("--hub.mode=migrate"))) {
            exit = migration.awaitExit(Duration.ofSeconds(90));
            log = migration.log();
        }

        String output = Files.readString(log);
        assertThat(exit).as(output).isZero();
        assertThat(output).contains("Datastore schema is at version " + newestMigration() + "; migration done, exiting")
                .doesNotContain("Tomcat started").doesNotContain("Apache Camel");
        JdbcTemplate app = new JdbcTemplate(new SingleConnectionDataSource(url, postgres.appUsername(), postgres.appPassword(), true));
        assertThat(app.queryForObject("select count(*) from payment", Long.class)).isZero();
        assertThat(app.queryForObject("select count(*) from audit_event", Long.class)).isZero();
        assertThatThrownBy(() -> app.execute("alter table audit_event disable trigger audit_event_no_update_or_delete"))
                .isInstanceOf(DataAccessException.class).rootCause().hasMessageContaining("must be owner");
        assertThatThrownBy(() -> app.execute("drop table audit_event"))
                .isInstanceOf(DataAccessException.class).rootCause().hasMessageContaining("must be owner");
        assertThat(owner(url).queryForObject("select tableowner from pg_tables where schemaname = ? and tablename = 'audit_event'",
                String.class, schema)).isEqualTo(postgres.username());
        owner(postgres.jdbcUrl()).execute("drop schema " + schema + " cascade");
    }

    private static JdbcTemplate owner(String url) {
        LocalPostgres postgres = DevServices.get().postgres();
        return new JdbcTemplate(new SingleConnectionDataSource(url, postgres.username(), postgres.password(), true));
    }

    /** The highest V<n>__ of the migrations shipped in the jar's sources. */
    private static String newestMigration() throws Exception {
        try (Stream<Path> files = Files.list(Path.of("hub/src/main/resources/db/migration"))) {
            return String.valueOf(files.map(f -> f.getFileName().toString())
                    .mapToInt(name -> Integer.parseInt(name.substring(1, name.indexOf("__")))).max().orElseThrow());
        }
    }
}
