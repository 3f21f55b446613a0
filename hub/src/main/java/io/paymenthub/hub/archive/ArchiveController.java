package io.paymenthub.hub.archive;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import java.security.Principal;
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

    ArchiveController(RegionalArchive archive) {
        this.archive = archive;
    }

    @GetMapping("/api/v1/audit/archive/{messageId}")
    Map<String, String> open(@PathVariable String messageId, Principal who) {
        byte[] message = archive.read(messageId);
        if (message == null) {
            audit.info("archive open by {} for {}: not archived here", who.getName(), messageId);
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no archived message " + messageId + " in this region");
        }
        audit.info("archive opened by {} for {}", who.getName(), messageId);
        return Map.of("message_id", messageId, "message_base64", Base64.getEncoder().encodeToString(message));
    }
}
