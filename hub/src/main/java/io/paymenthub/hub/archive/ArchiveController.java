package io.paymenthub.hub.archive;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.EmptyResultDataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import java.security.Principal;
import java.sql.Timestamp;
import java.util.Base64;
import java.util.Map;

/**
 * Opens one archived message for an investigation (role {@code auditor}): the message as archived, sensitive
 * authentication data already wiped. Every opening is logged with who opened what.
 */
@RestController
class ArchiveController {

    private static final Logger audit = LoggerFactory.getLogger("io.paymenthub.audit");

    private final RegionalArchive archive;
    private final JdbcTemplate jdbc;

    ArchiveController(RegionalArchive archive, JdbcTemplate jdbc) {
        this.archive = archive;
        this.jdbc = jdbc;
    }

    @GetMapping("/api/v1/audit/archive/{messageId}")
    Map<String, String> open(@PathVariable String messageId, Principal who) {
        Timestamp received;
        try {
            received = jdbc.queryForObject("select received_at from payment where message_id = ?", Timestamp.class, messageId);
        } catch (EmptyResultDataAccessException e) {
            audit.info("archive open by {} for {}: no such payment", who.getName(), messageId);
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no payment " + messageId + " in this region");
        }
        byte[] message = archive.read(messageId, received.toInstant());
        audit.info("archive opened by {} for {}", who.getName(), messageId);
        return Map.of("message_id", messageId, "archive_key", archive.key(messageId, received.toInstant()),
                "message_base64", Base64.getEncoder().encodeToString(message));
    }
}
