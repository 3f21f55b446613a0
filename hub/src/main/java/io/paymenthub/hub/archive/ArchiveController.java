package io.paymenthub.hub.archive;

import io.paymenthub.hub.access.AccessGate;
import io.paymenthub.hub.access.AccessScope;
import io.paymenthub.hub.audit.AuditLog;
import io.paymenthub.hub.audit.AuditRecord.Outcome;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Opens one archived message for an investigation (role {@code auditor}): the message as archived, sensitive
 * authentication data already wiped, under a live {@code archive-open} grant. Every opening, found or not, is written
 * to the audit trail before the answer.
 */
@RestController
class ArchiveController {

    private static final String ACTION = "ARCHIVE_OPEN";

    private final RegionalArchive archive;
    private final AuditLog audit;
    private final AccessGate access;

    ArchiveController(RegionalArchive archive, AuditLog audit, AccessGate access) {
        this.archive = archive;
        this.audit = audit;
        this.access = access;
    }

    @GetMapping("/api/v1/audit/archive/{messageId}")
    Map<String, String> open(@PathVariable String messageId, HttpServletRequest request, Authentication who) {
        String grant = access.use(request, who, AccessScope.ARCHIVE_OPEN).toString();
        byte[] message = archive.read(messageId);
        if (message == null) {
            audit.append(request, who, ACTION, Outcome.FAILURE, List.of(messageId), Map.of("reason", "not archived here", "grant_id", grant));
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no archived message " + messageId + " in this region");
        }
        audit.append(request, who, ACTION, Outcome.SUCCESS, List.of(messageId), Map.of("grant_id", grant));
        return Map.of("message_id", messageId, "message_base64", Base64.getEncoder().encodeToString(message));
    }
}
