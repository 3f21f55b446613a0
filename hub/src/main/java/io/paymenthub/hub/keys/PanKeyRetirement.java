package io.paymenthub.hub.keys;

import io.paymenthub.carddata.PanTokenizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Moves stored rows off an old PAN key so that the key can be destroyed (PCI DSS 3.6.1, 3.7.4, 3.7.5).
 * <p>
 * A keyed hash cannot be re-keyed without the PAN, and the hub keeps no PAN. So each row under the old key is either
 * <ol>
 *   <li><b>re-keyed</b> when its PAN is presented: a file of PANs (one per line, e.g. an extract of the card base
 *       inside the cardholder data environment) gives each PAN's token under the old and the newest key, and every
 *       row under the old token gets the new one; or</li>
 *   <li><b>unlinked</b> ({@code unlinkRemaining}): its token is removed, so it can no longer be found by PAN
 *       (its truncated PAN stays). Meant for rows past the period in which they must be searchable.</li>
 * </ol>
 * Until then the old key stays held for lookups only; it never makes a new token. Every batch commits its rows
 * together with the checkpoint in {@code pan_key_retirement}, so a stopped run resumes where it stopped, and
 * running again is harmless (updates only touch rows still under the old key).
 */
@Component
public class PanKeyRetirement {

    /** The checkpoint after a run; {@code remaining} rows still depend on the key, zero means it may be destroyed. */
    public record Progress(String keyId, long pansLine, long rekeyed, long unlinked, long remaining, String state) {
    }

    static final int BATCH = 500;
    private static final Logger LOG = LoggerFactory.getLogger(PanKeyRetirement.class);

    private final HubKeys keys;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;

    PanKeyRetirement(HubKeys keys, JdbcTemplate jdbc, TransactionTemplate transaction) {
        this.keys = keys;
        this.jdbc = jdbc;
        this.transaction = transaction;
    }

    /**
     * @param presentedPans a file of PANs to re-key by, or null
     * @param unlinkRemaining remove the token of rows still under the key after re-keying
     * @param batchLimit stop after this many batches (0: no limit); run again to continue
     */
    public Progress run(String keyId, Path presentedPans, boolean unlinkRemaining, int batchLimit) {
        KeyRing ring = keys.ring();
        if (ring.newest(KeyPurpose.PAN).id().equals(keyId)) {
            throw new IllegalStateException(keyId + " is the newest PAN key: rotate before retiring it");
        }
        jdbc.update("insert into pan_key_retirement (key_id) values (?) on conflict do nothing", keyId);
        int batches = 0;
        if (presentedPans != null) {
            PanTokenizer old = ring.panTokenizer(keyId);
            if (old == null) {
                throw new IllegalStateException(keyId + " is not held: rows under it can only be unlinked");
            }
            batches = rekey(keyId, old, ring.newestPanTokenizer(), presentedPans, batchLimit);
        }
        boolean walkedToTheEnd = unlinkRemaining && unlink(keyId, batchLimit == 0 ? 0 : Math.max(0, batchLimit - batches), batchLimit != 0);
        Long remaining = jdbc.queryForObject("select count(*) from payment where pan_key_id = ?", Long.class, keyId);
        // rows a replica tokenised with the key before it saw the rotation can sit behind the checkpoint: walk again
        String restart = walkedToTheEnd && remaining > 0 ? "" : null;
        jdbc.update("""
                update pan_key_retirement set remaining = ?, state = ?, last_message_id = coalesce(?, last_message_id), updated_at = now()
                 where key_id = ?
                """, remaining, remaining == 0 ? "DONE" : "RUNNING", restart, keyId);
        Progress progress = progress(keyId);
        LOG.info("PAN key retirement {}: {} rows re-keyed, {} unlinked, {} remaining", keyId, progress.rekeyed(), progress.unlinked(), progress.remaining());
        return progress;
    }

    public Progress progress(String keyId) {
        return jdbc.queryForObject("select * from pan_key_retirement where key_id = ?", (row, n) -> new Progress(
                row.getString("key_id"), row.getLong("pans_line"), row.getLong("rekeyed"), row.getLong("unlinked"),
                row.getLong("remaining"), row.getString("state")), keyId);
    }

    public List<Progress> all() {
        return jdbc.query("select * from pan_key_retirement order by started_at", (row, n) -> new Progress(
                row.getString("key_id"), row.getLong("pans_line"), row.getLong("rekeyed"), row.getLong("unlinked"),
                row.getLong("remaining"), row.getString("state")));
    }

    /** True while a stored row still carries a token made with the key. */
    public boolean inUse(String keyId) {
        return Boolean.TRUE.equals(jdbc.queryForObject("select exists (select 1 from payment where pan_key_id = ?)", Boolean.class, keyId));
    }

    private int rekey(String keyId, PanTokenizer old, PanTokenizer newest, Path pans, int batchLimit) {
        String fileHash = sha256(pans);
        Map<String, Object> checkpoint = jdbc.queryForMap("select pans_file_sha256, pans_line from pan_key_retirement where key_id = ?", keyId);
        long done = fileHash.equals(checkpoint.get("pans_file_sha256")) ? ((Number) checkpoint.get("pans_line")).longValue() : 0;
        if (done == 0) {
            jdbc.update("update pan_key_retirement set pans_file_sha256 = ?, pans_line = 0 where key_id = ?", fileHash, keyId);
        }
        int batches = 0;
        try (BufferedReader reader = Files.newBufferedReader(pans, StandardCharsets.US_ASCII)) {
            for (long skipped = 0; skipped < done && reader.readLine() != null; skipped++) {
                // already done in an earlier run
            }
            List<String> batch = new ArrayList<>(BATCH);
            String line;
            while ((batchLimit == 0 || batches < batchLimit) && (line = reader.readLine()) != null) {
                batch.add(line.trim());
                if (batch.size() == BATCH) {
                    rekeyBatch(keyId, old, newest, batch);
                    batches++;
                    batch.clear();
                }
            }
            if (!batch.isEmpty()) {
                rekeyBatch(keyId, old, newest, batch);
                batches++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the presented PANs", e);
        }
        return batches;
    }

    private void rekeyBatch(String keyId, PanTokenizer old, PanTokenizer newest, List<String> lines) {
        List<Object[]> updates = new ArrayList<>(lines.size());
        for (String pan : lines) {
            if (pan.length() >= 12 && pan.length() <= 19 && pan.chars().allMatch(c -> c >= '0' && c <= '9')) {
                updates.add(new Object[] {newest.token(pan), newest.keyId(), old.token(pan), keyId});
            }
        }
        transaction.executeWithoutResult(status -> {
            long moved = 0;
            for (int count : jdbc.batchUpdate("update payment set pan_token = ?, pan_key_id = ? where pan_token = ? and pan_key_id = ?", updates)) {
                moved += Math.max(count, 0);
            }
            jdbc.update("update pan_key_retirement set pans_line = pans_line + ?, rekeyed = rekeyed + ?, updated_at = now() where key_id = ?",
                    lines.size(), moved, keyId);
        });
    }

    /**
     * Walks rows under the key in message_id order from the checkpoint, so each batch starts where the last ended.
     * @return true when the walk reached the last row, false when the batch limit stopped it
     */
    private boolean unlink(String keyId, int batchLimit, boolean limited) {
        for (int batches = 0; !limited || batches < batchLimit; batches++) {
            Boolean more = transaction.execute(status -> {
                String after = jdbc.queryForObject("select last_message_id from pan_key_retirement where key_id = ? for update", String.class, keyId);
                List<String> ids = jdbc.queryForList("""
                        select message_id from payment where message_id > ? and pan_key_id = ? order by message_id limit ?
                        """, String.class, after, keyId, BATCH);
                if (ids.isEmpty()) {
                    return false;
                }
                int unlinked = jdbc.update("update payment set pan_token = null, pan_key_id = null where pan_key_id = ? and message_id = any(?)",
                        keyId, ids.toArray(String[]::new));
                jdbc.update("update pan_key_retirement set last_message_id = ?, unlinked = unlinked + ?, updated_at = now() where key_id = ?",
                        ids.get(ids.size() - 1), unlinked, keyId);
                return true;
            });
            if (!Boolean.TRUE.equals(more)) {
                return true;
            }
        }
        return false;
    }

    private static String sha256(Path file) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the presented PANs", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
