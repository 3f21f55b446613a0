package io.paymenthub.hub.datastore;

import io.paymenthub.devservices.DevServices;
import io.paymenthub.devservices.DevServicesExtension;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/** Rows truncated before the rule by PAN length keep fewer leading digits after the migration; tokens stay. */
@ExtendWith(DevServicesExtension.class)
class PanTruncationMigrationIT {

    private static final String SCHEMA = "pan_truncation_check";

    @Test
    void storedTruncationsOfShortPansHideSixDigitsAfterTheMigration() throws Exception {
        Map<String, String> properties = DevServices.get().springProperties();
        String url = properties.get("spring.datasource.url");
        String user = properties.get("spring.flyway.user");
        String password = properties.get("spring.flyway.password");
        Supplier<FluentConfiguration> flyway = () -> Flyway.configure().dataSource(url, user, password).schemas(SCHEMA)
                .cleanDisabled(false).locations("classpath:db/migration").placeholders(Map.of("app_role", ""));
        flyway.get().load().clean();
        flyway.get().target("12").load().migrate();

        Map<String, String> before = new LinkedHashMap<>();
        before.put("M-19", "601100*********4123");
        before.put("M-16", "411111******1111");
        before.put("M-15", "378282*****0005");
        before.put("M-14", "362272****1667");
        before.put("M-13", "422222***2222");
        before.put("M-12", "501800**0009");
        try (Connection connection = DriverManager.getConnection(url, user, password)) {
            connection.createStatement().execute("set search_path to " + SCHEMA);
            try (PreparedStatement insert = connection.prepareStatement("insert into payment (message_id, source, format,"
                    + " message_type, region, pan_token, pan_masked, received_at, status) values (?, 'kafka', 'ISO8583',"
                    + " '0200', 'in', ?, ?, now(), 'RECEIVED')")) {
                for (Map.Entry<String, String> row : before.entrySet()) {
                    insert.setString(1, row.getKey());
                    insert.setString(2, "a".repeat(63) + row.getKey().length());
                    insert.setString(3, row.getValue());
                    insert.addBatch();
                }
                insert.executeBatch();
            }

            flyway.get().load().migrate();

            Map<String, String> after = new LinkedHashMap<>();
            try (ResultSet rows = connection.createStatement().executeQuery(
                    "select message_id, pan_masked, pan_token from payment order by length(pan_masked) desc")) {
                while (rows.next()) {
                    after.put(rows.getString(1), rows.getString(2));
                    assertThat(rows.getString(3)).isEqualTo("a".repeat(63) + rows.getString(1).length());
                }
            }
            assertThat(after).containsExactly(
                    Map.entry("M-19", "601100*********4123"),
                    Map.entry("M-16", "411111******1111"),
                    Map.entry("M-15", "37828******0005"),
                    Map.entry("M-14", "3622******1667"),
                    Map.entry("M-13", "422******2222"),
                    Map.entry("M-12", "50******0009"));
        } finally {
            flyway.get().load().clean();
        }
    }
}
