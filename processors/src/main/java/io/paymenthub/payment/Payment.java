package io.paymenthub.payment;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The canonical payment every parser produces and everything downstream consumes.
 * Nothing after the mappers knows the wire format.
 *
 * @param messageId     idempotency key: UETR, else MsgId+EndToEndId (ISO 20022);
 *                      MTI with its repeat digit cleared + DE 11 + DE 7 + DE 32/41 (ISO 8583)
 * @param format        wire format it was parsed from
 * @param messageType   MTI for ISO 8583, message definition id (e.g. pacs.008.001.08) for ISO 20022
 * @param references    non-sensitive references operators search by (DE 11/37/41, MsgId, EndToEndId, UETR)
 * @param originSignals candidate origin countries in DESIGN.md priority order, strongest first
 * @param amountMinor   amount in the currency's minor unit, null when the message carries none
 * @param currency      ISO 4217 alpha code, null when the message carries none
 * @param merchantCategory the merchant category code (ISO 8583 DE 18), null when the message carries none
 * @param card          the card, clear until {@code TokenizePanProcessor} protects it; null when no card
 * @param personalData  names, accounts, addresses and remittance text by element (e.g. {@code Dbtr/Nm}), clear
 *                      until {@code MaskPersonalDataProcessor} applies the masking rules; empty when none
 * @param originalMessageId the payment this one refers to (a reversal's original, by ISO 8583 DE 90), or null
 */
public record Payment(
        String messageId,
        MessageFormat format,
        String messageType,
        Map<String, String> references,
        List<OriginSignal> originSignals,
        Long amountMinor,
        String currency,
        String merchantCategory,
        Card card,
        Map<String, String> personalData,
        String originalMessageId,
        Instant receivedAt) {

    public Payment {
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(messageType, "messageType");
        references = Map.copyOf(references);
        originSignals = List.copyOf(originSignals);
        personalData = personalData == null ? Map.of() : Map.copyOf(personalData);
        Objects.requireNonNull(receivedAt, "receivedAt");
    }

    public Payment withCard(Card protectedCard) {
        return new Payment(messageId, format, messageType, references, originSignals,
                amountMinor, currency, merchantCategory, protectedCard, personalData, originalMessageId, receivedAt);
    }

    public Payment withPersonalData(Map<String, String> maskedPersonalData) {
        return new Payment(messageId, format, messageType, references, originSignals,
                amountMinor, currency, merchantCategory, card, maskedPersonalData, originalMessageId, receivedAt);
    }
}
