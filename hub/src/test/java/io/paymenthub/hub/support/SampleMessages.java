package io.paymenthub.hub.support;

import io.paymenthub.samples.JposMessages;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Batches of distinct test messages, tagged so each test counts only its own rows. */
public final class SampleMessages {

    /** The pacs.008 samples: {@code in} (Indian debtor agent), {@code sg} (Singapore), {@code unknown} (no origin). */
    public enum Pacs008 {
        IN, SG, UNKNOWN;

        private final String xml = read("/samples/iso20022/pacs008-" + name().toLowerCase() + ".xml");
    }

    private SampleMessages() {
    }

    /** ISO 8583 0200 purchases acquired in India, built by jPOS; {@code terminal} (DE 41, 8 chars) tags them. */
    public static List<byte[]> iso8583India(String terminal, int from, int count) {
        List<byte[]> messages = new ArrayList<>(count);
        for (int stan = from; stan < from + count; stan++) {
            messages.add(JposMessages.purchase(stan, JposMessages.INDIA).set(41, terminal).pack());
        }
        return messages;
    }

    /**
     * As {@link #iso8583India}, each on a card of its own (Luhn-valid numbers in the Visa test range {@code 411111}):
     * analytics releases a group only with enough distinct cards.
     */
    public static List<byte[]> iso8583IndiaDistinctCards(String terminal, int from, int count) {
        List<byte[]> messages = new ArrayList<>(count);
        for (int stan = from; stan < from + count; stan++) {
            messages.add(JposMessages.purchase(stan, JposMessages.INDIA).set(41, terminal).set(2, testCard(stan)).pack());
        }
        return messages;
    }

    /** A Luhn-valid test card number {@code 411111} + nine digits from {@code n} + check digit. */
    public static String testCard(int n) {
        String body = "411111" + String.format("%09d", 100_000 + n);
        int sum = 0;
        for (int i = 0; i < body.length(); i++) {
            int digit = body.charAt(body.length() - 1 - i) - '0';
            if (i % 2 == 0) {
                digit *= 2;
                digit = digit > 9 ? digit - 9 : digit;
            }
            sum += digit;
        }
        return body + (10 - sum % 10) % 10;
    }

    /** pacs.008 credit transfers from an Indian debtor agent; EndToEndId {@code <tag>-<n>}, a fresh UETR each. */
    public static List<byte[]> pacs008India(String tag, int count) {
        return pacs008(Pacs008.IN, tag, count);
    }

    /** Copies of a pacs.008 sample with EndToEndId {@code <tag>-<n>} and, where it has one, a fresh UETR each. */
    public static List<byte[]> pacs008(Pacs008 sample, String tag, int count) {
        List<byte[]> messages = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            messages.add(sample.xml
                    .replaceFirst("<EndToEndId>[^<]*</EndToEndId>", "<EndToEndId>" + tag + "-" + i + "</EndToEndId>")
                    .replaceFirst("<UETR>[^<]*</UETR>", "<UETR>" + UUID.randomUUID() + "</UETR>")
                    .getBytes(StandardCharsets.UTF_8));
        }
        return messages;
    }

    private static String read(String resource) {
        try (InputStream in = SampleMessages.class.getResourceAsStream(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
