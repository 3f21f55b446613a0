package io.paymenthub.hub.faults;

import io.paymenthub.devservices.DevServices;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a fault scenario sent and what the datastore holds of it: the scenario's messages carry their own terminal id
 * (DE 41) and a distinct STAN (DE 11), so rows and duplicates are counted from the datastore alone.
 */
record StreamLedger(String terminal, int sent) {

    private static final JdbcTemplate JDBC = jdbc();

    long stored() {
        return JDBC.queryForObject("select count(*) from payment where message_id like '%:' || ?", Long.class, terminal);
    }

    long distinctStored() {
        return JDBC.queryForObject("select count(distinct message_refs->>'DE11') from payment where message_id like '%:' || ?",
                Long.class, terminal);
    }

    long duplicates() {
        return stored() - distinctStored();
    }

    /** Every message sent is in the datastore, and none twice. */
    void assertEachStoredOnce() {
        assertThat(distinctStored()).as("messages stored of those sent").isEqualTo(sent);
        assertThat(duplicates()).as("messages stored twice").isZero();
    }

    /** One line of the fault table: scenario → sent / stored / duplicates / time to recover. */
    String report(String scenario, double recoverySeconds) {
        return String.format("FAULT | %s | sent %d | stored %d | duplicates %d | recovered in %.1f s",
                scenario, sent, distinctStored(), duplicates(), recoverySeconds);
    }

    private static JdbcTemplate jdbc() {
        Map<String, String> properties = DevServices.get().springProperties();
        return new JdbcTemplate(new DriverManagerDataSource(properties.get("spring.datasource.url"),
                properties.get("spring.datasource.username"), properties.get("spring.datasource.password")));
    }
}
