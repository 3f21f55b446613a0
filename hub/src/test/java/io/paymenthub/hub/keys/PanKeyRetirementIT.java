package io.paymenthub.hub.keys;

import io.paymenthub.hub.support.HubIntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.springframework.jdbc.core.JdbcTemplate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Retiring an old PAN key against the real datastore: rows whose PAN is presented move to the newest key, the rest
 * are unlinked, every step resumes from its checkpoint, and then the key may go. Its own key ring and rows, so
 * the shared hub's keys are untouched.
 */
class PanKeyRetirementIT extends HubIntegrationTest {

    private static final String A = "4111111111111111";
    private static final String B = "5555555555554444";
    private static final String C = "378282246310005";

    @Autowired
    TransactionTemplate transaction;

    HubKeys keys;
    PanKeyRetirement retirement;
    PanLookup lookup;
    Path pans;

    @BeforeEach
    void rowsUnderTheOldKey() throws IOException {
        keys = new HubKeys(new HubKeysTest.InMemoryKeys(), Duration.ofDays(365), false, Duration.ZERO, Clock.systemUTC());
        retirement = new PanKeyRetirement(keys, jdbc, transaction);
        lookup = new PanLookup(keys);
        insert("A", A, 300);
        insert("B", B, 300);
        insert("C", C, 600);
        keys.rotate(KeyPurpose.PAN);
        pans = Files.createTempFile(Path.of("hub/target"), "presented-pans", ".txt");
        List<String> lines = new ArrayList<>(Collections.nCopies(PanKeyRetirement.BATCH, A));
        lines.addAll(Collections.nCopies(100, B));
        Files.write(pans, lines);
    }

    @AfterEach
    void removeRows() throws IOException {
        // the hub's own role may not delete: clean up as the owner
        var properties = io.paymenthub.devservices.DevServices.get().springProperties();
        JdbcTemplate owner = new JdbcTemplate(new org.springframework.jdbc.datasource.DriverManagerDataSource(
                properties.get("spring.datasource.url"), properties.get("spring.flyway.user"), properties.get("spring.flyway.password")));
        owner.update("delete from payment where message_id like 'RET-%'");
        owner.update("delete from pan_key_retirement where key_id = 'test-pan-v1'");
        Files.deleteIfExists(pans);
    }

    @Test
    void presentedPansAreReKeyedTheRestUnlinkedEachStepResumesAndThenTheKeyMayBeDestroyed() {
        assertThat(found(A)).isEqualTo(300);
        assertThat(found(C)).isEqualTo(600);

        // one batch, as if stopped: A's rows moved, B's not yet
        PanKeyRetirement.Progress first = retirement.run("test-pan-v1", pans, false, 1);
        assertThat(first.pansLine()).isEqualTo(PanKeyRetirement.BATCH);
        assertThat(first.rekeyed()).isEqualTo(300);
        assertThat(keyOf("A")).containsOnly("test-pan-v2");
        assertThat(keyOf("B")).containsOnly("test-pan-v1");

        PanKeyRetirement.Progress second = retirement.run("test-pan-v1", pans, false, 0);
        assertThat(second.pansLine()).isEqualTo(PanKeyRetirement.BATCH + 100);
        assertThat(second.rekeyed()).isEqualTo(600);
        assertThat(second.remaining()).isEqualTo(600);
        assertThat(keyOf("B")).containsOnly("test-pan-v2");
        assertThat(found(A)).isEqualTo(300);
        assertThat(found(B)).isEqualTo(300);
        assertThat(found(C)).isEqualTo(600); // still found under the old key, which only looks up now

        assertThat(retirement.run("test-pan-v1", pans, false, 0).rekeyed()).isEqualTo(600); // a rerun changes nothing

        PanKeyRetirement.Progress stopped = retirement.run("test-pan-v1", null, true, 1);
        assertThat(stopped.unlinked()).isEqualTo(PanKeyRetirement.BATCH);
        assertThat(stopped.remaining()).isEqualTo(100);
        assertThat(stopped.state()).isEqualTo("RUNNING");

        PanKeyRetirement.Progress done = retirement.run("test-pan-v1", null, true, 0);
        assertThat(done.unlinked()).isEqualTo(600);
        assertThat(done.remaining()).isZero();
        assertThat(done.state()).isEqualTo("DONE");
        assertThat(found(C)).isZero();
        assertThat(jdbc.queryForObject("select count(*) from payment where message_id like 'RET-C-%' and pan_masked = '37828******0005' and pan_token is null",
                Long.class)).isEqualTo(600);

        assertThat(retirement.inUse("test-pan-v1")).isFalse();
        keys.destroy("test-pan-v1");
        assertThat(lookup.tokensOf(A)).extracting(PanLookup.PanToken::keyId).containsExactly("test-pan-v2");
        assertThat(found(A)).isEqualTo(300);
        assertThat(found(B)).isEqualTo(300);
    }

    @Test
    void theNewestKeyCannotBeRetired() {
        assertThatThrownBy(() -> retirement.run("test-pan-v2", pans, true, 0)).hasMessageContaining("newest");
    }

    private void insert(String tag, String pan, int rows) {
        String token = keys.newestPanTokenizer().token(pan);
        String keyId = keys.newestPanTokenizer().keyId();
        String masked = io.paymenthub.carddata.PanMasking.mask(pan);
        List<Object[]> batch = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            batch.add(new Object[] {"RET-" + tag + "-" + String.format("%04d", i), token, keyId, masked, Timestamp.from(Instant.now())});
        }
        jdbc.batchUpdate("""
                insert into payment (message_id, source, format, message_type, origin_country, region, pan_token, pan_key_id,
                                     pan_masked, received_at, status)
                values (?, 'kafka', 'iso8583', '0200', 'IN', 'in', ?, ?, ?, ?, 'STORED')
                """, batch);
    }

    private long found(String pan) {
        String[] tokens = lookup.tokensOf(pan).stream().map(PanLookup.PanToken::token).toArray(String[]::new);
        return jdbc.queryForObject("select count(*) from payment where message_id like 'RET-%' and pan_token = any(?)", Long.class,
                (Object) tokens);
    }

    private List<String> keyOf(String tag) {
        return jdbc.queryForList("select distinct pan_key_id from payment where message_id like ?", String.class, "RET-" + tag + "-%");
    }
}
