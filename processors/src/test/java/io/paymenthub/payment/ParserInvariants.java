package io.paymenthub.payment;

import io.paymenthub.carddata.CardDataScanner;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.function.Supplier;

/**
 * What every parser owes any input, however hostile: it either reads it or throws {@link MessageRejected}
 * (anything else escapes and fails the caller), the rejection names a field in a short text with no card data of
 * the input, and reading costs memory in proportion to the input. Hangs are caught by the callers' timeouts.
 */
public final class ParserInvariants {

    /** A rejection is one line for a log and a reply: field and reason, never a copy of the input. */
    public static final int MAX_REJECTION_CHARS = 300;
    /** Parsers set up readers and contexts per call; beyond that, a bounded number of bytes per input byte. */
    private static final long FIXED_ALLOCATION_BYTES = 64L << 20;
    private static final long ALLOCATION_BYTES_PER_INPUT_BYTE = 1024;

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private ParserInvariants() {
    }

    /**
     * Runs {@code parse} on {@code input} and checks the invariants.
     *
     * @return what the parser read, or null when it rejected the input cleanly
     */
    public static <T> T readOrRejectCleanly(byte[] input, Supplier<T> parse) {
        long before = THREADS.getCurrentThreadAllocatedBytes();
        T result = readOrReject(input, parse);
        long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
        long budget = FIXED_ALLOCATION_BYTES + ALLOCATION_BYTES_PER_INPUT_BYTE * input.length;
        if (allocated > budget) {
            // the first run of a code path also loads (and, when fuzzing, instruments) classes: measure once more
            before = THREADS.getCurrentThreadAllocatedBytes();
            readOrReject(input, parse);
            allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
            if (allocated > budget) {
                throw new AssertionError("reading " + input.length + " bytes allocated " + allocated + " bytes, more than " + budget);
            }
        }
        return result;
    }

    private static <T> T readOrReject(byte[] input, Supplier<T> parse) {
        try {
            return parse.get();
        } catch (MessageRejected rejected) {
            checkRejection(input, rejected);
            return null;
        }
    }

    /**
     * What a parser accepts, the datastore can hold: a value too long for its column would fail the insert over and
     * over (a 503 or a 96, retried forever) instead of being rejected once. Column sizes as in the hub's migrations.
     */
    public static void fitsTheDatastore(Object parsed) {
        if (parsed instanceof Payment payment) {
            fits(payment.messageId(), 200, "message_id");
            fits(payment.messageType(), 40, "message_type");
            fits(payment.currency(), 3, "currency");
            fits(payment.originalMessageId(), 200, "original_message_id");
        } else if (parsed instanceof List<?> payments) {
            payments.forEach(ParserInvariants::fitsTheDatastore);
        } else if (parsed instanceof StatusReport report) {
            for (StatusReport.StatusUpdate update : report.updates()) {
                fits(update.paymentMessageId(), 200, "message_id");
                fits(update.status(), 16, "status");
                fits(update.reason(), 8, "status_reason");
            }
        }
    }

    private static void fits(String value, int maximum, String column) {
        if (value != null && value.length() > maximum) {
            throw new AssertionError("accepted a " + column + " of " + value.length() + " characters; the column holds " + maximum);
        }
    }

    /** A rejection names a field and a reason in at most {@link #MAX_REJECTION_CHARS} characters, free of card data. */
    public static void checkRejection(byte[] input, MessageRejected rejected) {
        String text = rejected.getMessage();
        if (rejected.field() == null || rejected.field().isBlank() || rejected.reason() == null || rejected.reason().isBlank()) {
            throw new AssertionError("a rejection must name a field and a reason: " + safe(text));
        }
        if (text.length() > MAX_REJECTION_CHARS) {
            throw new AssertionError("a rejection of " + text.length() + " characters: " + safe(text));
        }
        List<String> leaks = CardDataScanner.of(input).findingsIn("rejection", text);
        if (!leaks.isEmpty()) {
            throw new AssertionError("card data in the rejection " + leaks + " (field " + rejected.field() + ")");
        }
    }

    /** The first characters of a text for a failure message, digits starred: failures are printed and kept. */
    private static String safe(String text) {
        String head = text.length() > 120 ? text.substring(0, 120) + "..." : text;
        return head.replaceAll("\\d", "*");
    }
}
