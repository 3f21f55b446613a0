package io.paymenthub.hub.query;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads payments for the query API: masked columns only, newest first, one page at a time. */
final class PaymentSearch {

    private static final String COLUMNS = """
            message_id, source, format, message_type, origin_country, region, residency_field, amount_minor, currency,
            pan_masked, pan_token, pan_key_id, message_refs::text as message_refs, original_message_id, received_at,
            stored_at, status""";

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    PaymentSearch(JdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    List<PaymentView> find(PaymentFilter filter, int offset, int limit) {
        StringBuilder sql = new StringBuilder("select ").append(COLUMNS).append(" from payment where true");
        List<Object> arguments = new ArrayList<>();
        if (filter.from() != null) {
            sql.append(" and received_at >= ?");
            arguments.add(Timestamp.from(filter.from()));
        }
        if (filter.to() != null) {
            sql.append(" and received_at < ?");
            arguments.add(Timestamp.from(filter.to()));
        }
        condition(sql, arguments, "region", filter.region());
        condition(sql, arguments, "origin_country", filter.country());
        condition(sql, arguments, "currency", filter.currency());
        condition(sql, arguments, "status", filter.status());
        condition(sql, arguments, "pan_token", filter.token());
        sql.append(" order by received_at desc, message_id limit ? offset ?");
        arguments.add(limit);
        arguments.add(offset);
        return jdbc.query(sql.toString(), view, arguments.toArray());
    }

    /** Payments whose PAN has one of these tokens (one per key id in use). */
    List<PaymentView> byTokens(List<String> tokens, int offset, int limit) {
        return jdbc.query("select " + COLUMNS + " from payment where pan_token = any(cast(? as bpchar[])) order by received_at desc, message_id limit ? offset ?",
                view, tokens.toArray(String[]::new), limit, offset);
    }

    private static void condition(StringBuilder sql, List<Object> arguments, String column, String value) {
        if (value != null) {
            // cast to the column's type, so a char(n) column's index is used
            sql.append(" and ").append(column).append(" = cast(? as ").append(column.equals("pan_token") || column.equals("origin_country")
                    || column.equals("currency") ? "bpchar" : "varchar").append(")");
            arguments.add(value);
        }
    }

    private final RowMapper<PaymentView> view = (rs, row) -> new PaymentView(
            rs.getString("message_id"), rs.getString("source"), rs.getString("format"), rs.getString("message_type"),
            rs.getString("origin_country"), rs.getString("region"), rs.getString("residency_field"),
            (Long) rs.getObject("amount_minor"), rs.getString("currency"), rs.getString("pan_masked"),
            rs.getString("pan_token"), rs.getString("pan_key_id"), references(rs.getString("message_refs")),
            rs.getString("original_message_id"), rs.getObject("received_at", OffsetDateTime.class).toInstant(),
            rs.getObject("stored_at", OffsetDateTime.class).toInstant(), rs.getString("status"));

    private Map<String, Object> references(String text) {
        try {
            return json.readValue(text, new TypeReference<>() { });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
