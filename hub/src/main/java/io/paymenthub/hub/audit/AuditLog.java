package io.paymenthub.hub.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.paymenthub.carddata.PanMasking;
import io.paymenthub.hub.keys.HubKeys;
import io.paymenthub.hub.keys.KeyPurpose;
import io.paymenthub.hub.keys.KeyRing;
import io.paymenthub.hub.keys.ManagedKey;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The append-only, hash-chained audit trail in {@code audit_event}, each row keyed by the newest audit key
 * ({@link AuditChain}). Appends are serialised across every hub
 * instance by a transaction-scoped advisory lock, so the chain has one order and no gaps. A caller that cannot
 * write its audit row gets the exception: no audit row, no data.
 */
public final class AuditLog {

    /** Advisory lock key of the chain's head ("audit" in ASCII). */
    private static final long CHAIN_LOCK = 0x6175646974L;

    private static final String INSERT = """
            insert into audit_event (seq, occurred_at, actor, roles, action, target, outcome, source_ip, records, detail,
                                     prev_hash, hash, key_id)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """;
    private static final String COLUMNS =
            "seq, occurred_at, actor, roles, action, target, outcome, source_ip, records, detail, prev_hash, hash, key_id";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final ObjectMapper json;
    private final HubKeys keys;

    public AuditLog(JdbcTemplate jdbc, TransactionTemplate transactions, ObjectMapper json, HubKeys keys) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.json = json;
        this.keys = keys;
    }

    /** Card numbers in the detail are truncated before hashing, like those of the other fields ({@link AuditRecord}). */
    public AuditEntry append(AuditRecord record) {
        String detail = PanMasking.maskCardNumbers(toJson(record.detail()));
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS); // what PostgreSQL keeps, so the hash re-computes
        return transactions.execute(status -> {
            jdbc.query("select pg_advisory_xact_lock(?)", (RowCallbackHandler) rs -> { }, CHAIN_LOCK);
            List<Map<String, Object>> head = jdbc.queryForList("select seq, hash from audit_event order by seq desc limit 1");
            long seq = head.isEmpty() ? 1 : ((Number) head.get(0).get("seq")).longValue() + 1;
            String prevHash = head.isEmpty() ? AuditChain.GENESIS : (String) head.get(0).get("hash");
            ManagedKey key = keys.ring().newest(KeyPurpose.AUDIT);
            String hash = AuditChain.keyedHash(key.material().secret(), key.id(), prevHash, seq, now, record.actor(),
                    record.roles(), record.action(), record.target(), record.outcome().name(), record.sourceIp(),
                    record.records(), detail);
            jdbc.update(connection -> {
                var insert = connection.prepareStatement(INSERT);
                insert.setLong(1, seq);
                insert.setObject(2, OffsetDateTime.ofInstant(now, java.time.ZoneOffset.UTC));
                insert.setString(3, record.actor());
                insert.setString(4, record.roles());
                insert.setString(5, record.action());
                insert.setString(6, record.target());
                insert.setString(7, record.outcome().name());
                insert.setString(8, record.sourceIp());
                insert.setArray(9, connection.createArrayOf("text", record.records().toArray()));
                insert.setString(10, detail);
                insert.setString(11, prevHash);
                insert.setString(12, hash);
                insert.setString(13, key.id());
                return insert;
            });
            return new AuditEntry(seq, now, record.actor(), record.roles(), record.action(), record.target(),
                    record.outcome().name(), record.sourceIp(), record.records(), detail, prevHash, hash, key.id());
        });
    }

    /** The audit row of a request: the caller's name and roles, the method and path, the client's address. */
    public AuditEntry append(HttpServletRequest request, Authentication caller, String action, AuditRecord.Outcome outcome,
                             List<String> records, Map<String, Object> detail) {
        return append(new AuditRecord(caller == null ? null : caller.getName(), rolesOf(caller), action,
                request.getMethod() + " " + request.getRequestURI(), outcome, request.getRemoteAddr(), records, detail));
    }

    /** {@code ROLE_ANALYST} → {@code analyst}; other authorities (scopes) are left out. */
    public static String rolesOf(Authentication caller) {
        if (caller == null) {
            return "";
        }
        return caller.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                .filter(authority -> authority.startsWith("ROLE_"))
                .map(authority -> authority.substring(5).toLowerCase(java.util.Locale.ROOT))
                .sorted().collect(java.util.stream.Collectors.joining(","));
    }

    /** Newest first, {@code limit} rows from {@code offset}, narrowed by whichever filters are given. */
    public List<AuditEntry> read(AuditQuery query, int offset, int limit) {
        StringBuilder sql = new StringBuilder("select " + COLUMNS + " from audit_event where true");
        List<Object> arguments = new ArrayList<>();
        if (query.from() != null) {
            sql.append(" and occurred_at >= ?");
            arguments.add(Timestamp.from(query.from()));
        }
        if (query.to() != null) {
            sql.append(" and occurred_at < ?");
            arguments.add(Timestamp.from(query.to()));
        }
        if (query.actor() != null) {
            sql.append(" and actor = ?");
            arguments.add(query.actor());
        }
        if (query.action() != null) {
            sql.append(" and action = ?");
            arguments.add(query.action());
        }
        if (query.record() != null) {
            sql.append(" and records @> array[?]::text[]");
            arguments.add(query.record());
        }
        sql.append(" order by seq desc limit ? offset ?");
        arguments.add(limit);
        arguments.add(offset);
        return jdbc.query(sql.toString(), ENTRY, arguments.toArray());
    }

    /**
     * Walks the whole chain in order and re-computes every hash. {@code anchor}, when given, is a (seq, hash) an
     * auditor noted earlier, and {@code hubAnchor} the newest one the hub wrote outside the database: each must still
     * be there unchanged, which also catches rows cut off the end of the chain.
     */
    public AuditVerification verify(Long anchorSeq, String anchorHash, AuditAnchor hubAnchor) {
        return verifyFrom(1, anchorSeq, anchorHash, hubAnchor);
    }

    /**
     * {@link #verify} of the rows from {@code fromSeq} on: the link of row {@code fromSeq} to the one before it is
     * not checked (pass that row as the anchor when it was verified before), every later one is. The anchors must lie
     * in that part.
     */
    AuditVerification verifyFrom(long fromSeq, Long anchorSeq, String anchorHash, AuditAnchor hubAnchor) {
        return transactions.execute(status -> {
            var walk = new ChainWalk(keys.ring(), fromSeq, anchorSeq, anchorHash, hubAnchor);
            jdbc.query(connection -> {
                var select = connection.prepareStatement("select " + COLUMNS + " from audit_event where seq >= ? order by seq");
                select.setLong(1, fromSeq);
                select.setFetchSize(1000);
                return select;
            }, (RowCallbackHandler) rs -> walk.accept(ENTRY.mapRow(rs, 0)));
            return walk.result();
        });
    }

    /** The chain's last row number, null while it is empty (a primary key lookup). */
    Long headSeq() {
        return jdbc.queryForObject("select max(seq) from audit_event", Long.class);
    }

    private String toJson(Map<String, Object> detail) {
        try {
            return json.writeValueAsString(detail);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("audit detail is not serialisable", e);
        }
    }

    private static final RowMapper<AuditEntry> ENTRY = (rs, row) -> new AuditEntry(
            rs.getLong("seq"), rs.getObject("occurred_at", OffsetDateTime.class).toInstant(), rs.getString("actor"),
            rs.getString("roles"), rs.getString("action"), rs.getString("target"), rs.getString("outcome"),
            rs.getString("source_ip"), textArray(rs, "records"), rs.getString("detail"), rs.getString("prev_hash"),
            rs.getString("hash"), rs.getString("key_id"));

    private static List<String> textArray(ResultSet rs, String column) throws SQLException {
        Array array = rs.getArray(column);
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }

    /** Filters of {@link #read}; null means "any". */
    public record AuditQuery(Instant from, Instant to, String actor, String action, String record) {
    }

    /**
     * Checks each row against the one before it, under the audit key it names; remembers the first break. A row
     * without a key id is checked with plain SHA-256, and only before the first keyed row: after it, such a row is a
     * tail recomputed by someone without the key.
     */
    private static final class ChainWalk {
        private final KeyRing ring;
        private final Long anchorSeq;
        private final String anchorHash;
        private long entries;
        private long expectedSeq;
        /** Null until the first row when the walk starts past row 1: that row's own prev_hash is taken as given. */
        private String previousHash;
        private Long brokenAt;
        private String problem;
        private boolean anchorSeen;
        private final AuditAnchor hubAnchor;
        private boolean hubAnchorSeen;
        private Long firstKeyedSeq;

        ChainWalk(KeyRing ring, long fromSeq, Long anchorSeq, String anchorHash, AuditAnchor hubAnchor) {
            this.ring = ring;
            this.expectedSeq = fromSeq;
            this.previousHash = fromSeq <= 1 ? AuditChain.GENESIS : null;
            this.hubAnchor = hubAnchor;
            this.anchorSeq = anchorSeq;
            this.anchorHash = anchorHash;
        }

        void accept(AuditEntry entry) {
            entries++;
            if (brokenAt == null) {
                if (entry.seq() != expectedSeq) {
                    fail(expectedSeq, "row " + expectedSeq + " is missing (next row is " + entry.seq() + ")");
                } else if (previousHash != null && !entry.prevHash().equals(previousHash)) {
                    fail(entry.seq(), "prev_hash does not match the hash of row " + (entry.seq() - 1));
                } else {
                    String problem = hashProblem(entry);
                    if (problem != null) {
                        fail(entry.seq(), problem);
                    }
                }
            }
            if (anchorSeq != null && entry.seq() == anchorSeq) {
                anchorSeen = true;
                if (brokenAt == null && !Objects.equals(anchorHash, entry.hash())) {
                    fail(entry.seq(), "hash differs from the anchor");
                }
            }
            if (hubAnchor != null && entry.seq() == hubAnchor.seq()) {
                hubAnchorSeen = true;
                if (brokenAt == null && !hubAnchor.hash().equals(entry.hash())) {
                    fail(entry.seq(), "hash differs from the anchor");
                }
            }
            expectedSeq = entry.seq() + 1;
            previousHash = entry.hash();
        }

        private String hashProblem(AuditEntry entry) {
            if (entry.keyId() == null) {
                if (firstKeyedSeq != null) {
                    return "row has no audit key id after keyed row " + firstKeyedSeq
                            + ": a plain SHA-256 hash is accepted only before the first keyed row";
                }
                return AuditChain.plainHashOf(entry).equals(entry.hash()) ? null : "row content does not match its hash";
            }
            if (firstKeyedSeq == null) {
                firstKeyedSeq = entry.seq();
            }
            Optional<ManagedKey> key = ring.auditKey(entry.keyId());
            if (key.isEmpty()) {
                return "row is hashed under audit key " + entry.keyId() + ", which this hub does not hold";
            }
            return AuditChain.keyedHashOf(key.get().material().secret(), entry).equals(entry.hash())
                    ? null : "row content does not match its hash";
        }

        private void fail(long seq, String why) {
            brokenAt = seq;
            problem = why;
        }

        AuditVerification result() {
            if (brokenAt == null && anchorSeq != null && !anchorSeen) {
                fail(anchorSeq, "anchor row is missing: the chain was cut");
            }
            long head = expectedSeq - 1;
            if (brokenAt == null && hubAnchor != null && !hubAnchorSeen) {
                fail(head + 1, "head " + head + " is behind anchor " + hubAnchor.seq() + ": rows were cut from the end");
            }
            return new AuditVerification(brokenAt == null, entries, entries == 0 ? null : head,
                    entries == 0 ? null : previousHash, brokenAt, problem, hubAnchor);
        }
    }
}
