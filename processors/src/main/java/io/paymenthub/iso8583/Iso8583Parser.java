package io.paymenthub.iso8583;

import com.solab.iso8583.IsoMessage;
import com.solab.iso8583.IsoValue;
import io.paymenthub.payment.Card;
import io.paymenthub.payment.CountryCodes;
import io.paymenthub.payment.CurrencyCodes;
import io.paymenthub.payment.MessageFormat;
import io.paymenthub.payment.MessageRejected;
import io.paymenthub.payment.OriginSignal;
import io.paymenthub.payment.Payment;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Maps an ISO 8583:1987 financial message into the canonical {@link Payment}. */
public final class Iso8583Parser {

    /** Message classes the hub stores: authorisation, financial and reversal, requests and advices. */
    private static final Set<Integer> STORED_CLASSES = Set.of(0x100, 0x120, 0x200, 0x220, 0x400, 0x420);

    private final Iso8583Dialect dialect;
    private final BinCountries binCountries;

    public Iso8583Parser(Iso8583Dialect dialect) {
        this(dialect, BinCountries.none());
    }

    public Iso8583Parser(Iso8583Dialect dialect, BinCountries binCountries) {
        this.dialect = dialect;
        this.binCountries = binCountries;
    }

    public Payment parse(byte[] wire, Instant receivedAt) {
        return parse(dialect.read(wire), receivedAt);
    }

    /** A message already read with its listener's field layout. */
    public Payment parse(IsoMessage message, Instant receivedAt) {
        int type = message.getType();
        int requestClass = type & 0xFFF0;
        if (!STORED_CLASSES.contains(requestClass)) {
            throw new MessageRejected("MTI", "message type " + mti(type) + " is not a payment request or advice");
        }
        String stan = required(message, 11, 6);
        String transmitted = required(message, 7, 10);
        String acquirer = optional(message, 32);
        String terminal = optional(message, 41);
        if (acquirer == null && terminal == null) {
            throw new MessageRejected("DE32", "acquiring institution (DE 32) or terminal (DE 41) is required");
        }
        String messageId = messageId(requestClass, stan, transmitted, acquirer, terminal);

        Map<String, String> references = new LinkedHashMap<>();
        references.put("DE11", stan);
        putIfPresent(references, "DE37", optional(message, 37));
        putIfPresent(references, "DE41", terminal);

        Card card = card(message);
        return new Payment(messageId, MessageFormat.ISO8583, mti(type), references,
                originSignals(message, card), amount(message), currency(message), merchantCategory(message), card, Map.of(),
                originalMessageId(message, acquirer, terminal), receivedAt);
    }

    /** DE 18, the merchant's category (ISO 18245): kept when it is four digits, an analytics dimension. */
    private static String merchantCategory(IsoMessage message) {
        String mcc = optional(message, 18);
        return mcc != null && isDigits(mcc, 4, 4) ? mcc : null;
    }

    /** MTI with its repeat digit cleared, DE 11, DE 7, DE 32, DE 41: a repeat (0201) is the same payment. */
    private static String messageId(int requestClass, String stan, String transmitted, String acquirer, String terminal) {
        return String.join(":", mti(requestClass), stan, transmitted,
                acquirer == null ? "" : acquirer, terminal == null ? "" : terminal);
    }

    /**
     * A reversal names its original in DE 90: original MTI (4), STAN (6), transmission date and time (10), then
     * acquirer and forwarder ids. Acquirer and terminal are the reversal's own, as they must match the original's.
     */
    private static String originalMessageId(IsoMessage message, String acquirer, String terminal) {
        String original = optional(message, 90);
        if (original == null) {
            return null;
        }
        if (!isDigits(original, 20, 42)) {
            throw new MessageRejected("DE90", "original data elements must be 42 digits");
        }
        int originalType = Integer.parseInt(original.substring(0, 4), 16);
        return messageId(originalType & 0xFFF0, original.substring(4, 10), original.substring(10, 20), acquirer, terminal);
    }

    /**
     * DE 19 (acquiring institution country), then DE 43 (card acceptor location); only when neither says anything,
     * the BIN's country — a card issued abroad and used here is still acquired here.
     */
    private List<OriginSignal> originSignals(IsoMessage message, Card card) {
        List<OriginSignal> signals = new ArrayList<>(3);
        String acquirerCountry = optional(message, 19);
        if (acquirerCountry != null) {
            String country = CountryCodes.alpha2OfNumeric(acquirerCountry);
            if (country == null) {
                throw new MessageRejected("DE19", CountryCodes.NOT_A_COUNTRY);
            }
            signals.add(new OriginSignal("DE19", country));
        }
        String location = optional(message, 43);
        if (location != null && location.length() == 40) {
            // 1987 layout: name (25), city (13), country (2)
            String country = location.substring(38).trim();
            if (CountryCodes.isAlpha2(country)) {
                signals.add(new OriginSignal("DE43", country));
            }
        }
        if (signals.isEmpty() && card instanceof Card.ClearPan clear) {
            String issuerCountry = binCountries.countryOf(clear.pan());
            if (issuerCountry != null) {
                signals.add(new OriginSignal("BIN", issuerCountry));
            }
        }
        return signals;
    }

    private static Long amount(IsoMessage message) {
        String amount = optional(message, 4);
        if (amount == null) {
            return null;
        }
        if (!isDigits(amount, 12, 12)) {
            throw new MessageRejected("DE4", "amount must be 12 digits");
        }
        return Long.parseLong(amount);
    }

    private static String currency(IsoMessage message) {
        String code = optional(message, 49);
        if (code == null) {
            return null;
        }
        String alpha = CurrencyCodes.alphaOfNumeric(code);
        if (alpha == null) {
            throw new MessageRejected("DE49", CurrencyCodes.NOT_A_CURRENCY);
        }
        return alpha;
    }

    private static Card card(IsoMessage message) {
        String pan = optional(message, 2);
        if (pan == null) {
            return null;
        }
        if (!isDigits(pan, 12, 19)) {
            throw new MessageRejected("DE2", "PAN must be 12 to 19 digits");
        }
        return new Card.ClearPan(pan);
    }

    /** A field of exactly {@code digits} ASCII digits. */
    private static String required(IsoMessage message, int field, int digits) {
        String value = optional(message, field);
        if (value == null) {
            throw new MessageRejected("DE" + field, "required");
        }
        if (!isDigits(value, digits, digits)) {
            throw new MessageRejected("DE" + field, "malformed");
        }
        return value;
    }

    /** Only ASCII digits, {@code min} to {@code max} of them (a regular expression per field cost more than the parse). */
    private static boolean isDigits(String value, int min, int max) {
        if (value.length() < min || value.length() > max) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** {@code 0x200} → {@code "0200"}. */
    private static String mti(int type) {
        String hex = Integer.toHexString(type);
        return "0".repeat(Math.max(0, 4 - hex.length())) + hex;
    }

    private static String optional(IsoMessage message, int field) {
        IsoValue<Object> value = message.getField(field);
        if (value == null) {
            return null;
        }
        String text = value.getValue().toString().trim();
        return text.isEmpty() ? null : text;
    }

    private static void putIfPresent(Map<String, String> map, String key, String value) {
        if (value != null) {
            map.put(key, value);
        }
    }
}
