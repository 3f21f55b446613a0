package io.paymenthub.hub.access;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The grants in {@code access_grant}, shared by every hub instance. Every change is one conditional statement, so
 * two instances never both approve, revoke or spend past a budget; times are the datastore's clock.
 */
final class AccessGrants {

    /** Advisory lock class of one holder's grant uses (two-key form: apart from the audit chain's one-key lock). */
    private static final int USE_LOCK = 0x61636365; // "acce"

    private static final String COLUMNS = """
            id, scope, holder, justification, duration_seconds, requested_at, approved_by, approved_at, expires_at,
            revoked_by, revoked_at, revoke_reason, uses,
            case when status = 'APPROVED' and expires_at <= now() then 'EXPIRED' else status end as status""";
    private static final String LIVE = "status = 'APPROVED' and expires_at > now()";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;

    AccessGrants(JdbcTemplate jdbc, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    AccessGrant request(String holder, AccessScope scope, String justification, long durationSeconds) {
        UUID id = UUID.randomUUID();
        jdbc.update("insert into access_grant (id, scope, holder, justification, duration_seconds, status) values (?, ?, ?, ?, ?, 'PENDING')",
                id, scope.id(), holder, justification, durationSeconds);
        return find(id).orElseThrow();
    }

    Optional<AccessGrant> find(UUID id) {
        return jdbc.query("select " + COLUMNS + " from access_grant where id = ?", GRANT, id).stream().findFirst();
    }

    /** The holder's own grants and, for an approver, everyone else's pending requests; newest first. */
    List<AccessGrant> visibleTo(String user, boolean approver, int limit) {
        return jdbc.query("select " + COLUMNS + " from access_grant where holder = ? or (? and status = 'PENDING')"
                + " order by requested_at desc, id limit ?", GRANT, user, approver, limit);
    }

    /** Starts the grant's time; only a pending grant, and never by its holder. Empty when not pending any more. */
    Optional<AccessGrant> approve(UUID id, String approver) {
        return jdbc.query("""
                update access_grant set status = 'APPROVED', approved_by = ?, approved_at = now(),
                       expires_at = now() + duration_seconds * interval '1 second'
                 where id = ? and status = 'PENDING' and holder <> ?
                returning id""", (rs, row) -> rs.getObject(1, UUID.class), approver, id, approver)
                .stream().findFirst().flatMap(this::find);
    }

    /** Ends a pending or live grant. Empty when it had already ended (revoked, expired). */
    Optional<AccessGrant> revoke(UUID id, String by, String reason) {
        return jdbc.query("""
                update access_grant set status = 'REVOKED', revoked_by = ?, revoked_at = now(), revoke_reason = ?
                 where id = ? and (status = 'PENDING' or (""" + LIVE + "))\n returning id",
                (rs, row) -> rs.getObject(1, UUID.class), by, reason, id).stream().findFirst().flatMap(this::find);
    }

    /**
     * Counts one use of a live grant of {@code scope} held by {@code holder}, within the budget: the grant's uses
     * stay at most {@code maxPerGrant}, the holder's uses of the scope in the last minute at most
     * {@code maxPerMinute}. A holder's uses are serialised by an advisory lock, so parallel requests on any number
     * of instances cannot overspend either; a refused use counts nowhere.
     */
    Use use(String holder, AccessScope scope, int maxPerGrant, int maxPerMinute) {
        return transactions.execute(tx -> {
            jdbc.query("select pg_advisory_xact_lock(?, hashtext(?))", (RowCallbackHandler) rs -> { }, USE_LOCK, holder);
            // an unspent grant first: a spent one is only chosen when it is all there is
            List<UUID> live = jdbc.query("select id from access_grant where holder = ? and scope = ? and " + LIVE
                            + " order by uses >= ?, expires_at limit 1",
                    (rs, row) -> rs.getObject(1, UUID.class), holder, scope.id(), maxPerGrant);
            if (live.isEmpty()) {
                return new Use(Use.Result.NO_GRANT, null, 0);
            }
            UUID grant = live.get(0);
            List<Integer> uses = jdbc.query("update access_grant set uses = uses + 1 where id = ? and " + LIVE
                    + " and uses < ? returning uses", (rs, row) -> rs.getInt(1), grant, maxPerGrant);
            if (uses.isEmpty()) {
                // spent, or revoked by an approver a moment ago (revocation does not wait for the holder's lock)
                boolean spent = jdbc.queryForObject("select uses >= ? from access_grant where id = ?", Boolean.class,
                        maxPerGrant, grant);
                return spent ? new Use(Use.Result.GRANT_SPENT, grant, maxPerGrant) : new Use(Use.Result.NO_GRANT, null, 0);
            }
            Integer recent = jdbc.queryForObject("select count(*) from access_grant_use where holder = ? and scope = ?"
                    + " and used_at > now() - interval '1 minute'", Integer.class, holder, scope.id());
            if (recent >= maxPerMinute) {
                tx.setRollbackOnly();
                return new Use(Use.Result.RATE_EXCEEDED, grant, uses.get(0) - 1);
            }
            jdbc.update("insert into access_grant_use (grant_id, holder, scope) values (?, ?, ?)", grant, holder, scope.id());
            return new Use(Use.Result.ALLOWED, grant, uses.get(0));
        });
    }

    /** Marks every grant whose time has run out as expired; each is returned once, to one instance. */
    List<AccessGrant> expireDue() {
        List<UUID> expired = jdbc.query("update access_grant set status = 'EXPIRED' where status = 'APPROVED'"
                + " and expires_at <= now() returning id", (rs, row) -> rs.getObject(1, UUID.class));
        return expired.stream().map(this::find).flatMap(Optional::stream).toList();
    }

    /** Uses older than the rate window count for nothing any more; the audit chain keeps the record. */
    int pruneUses() {
        return jdbc.update("delete from access_grant_use where used_at < now() - interval '1 hour'");
    }

    /** One attempt to use a grant: what happened, with which grant, and its uses afterwards. */
    record Use(Result result, UUID grant, int uses) {
        enum Result { ALLOWED, NO_GRANT, GRANT_SPENT, RATE_EXCEEDED }
    }

    private static final RowMapper<AccessGrant> GRANT = (rs, row) -> new AccessGrant(
            rs.getObject("id", UUID.class), rs.getString("scope"), rs.getString("holder"), rs.getString("justification"),
            Duration.ofSeconds(rs.getLong("duration_seconds")).toString(), rs.getString("status"),
            instant(rs.getObject("requested_at", OffsetDateTime.class)), rs.getString("approved_by"),
            instant(rs.getObject("approved_at", OffsetDateTime.class)), instant(rs.getObject("expires_at", OffsetDateTime.class)),
            rs.getString("revoked_by"), instant(rs.getObject("revoked_at", OffsetDateTime.class)),
            rs.getString("revoke_reason"), rs.getInt("uses"));

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
