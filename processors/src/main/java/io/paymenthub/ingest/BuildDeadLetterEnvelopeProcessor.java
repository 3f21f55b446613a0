package io.paymenthub.ingest;

import io.paymenthub.carddata.PayloadSealer;
import io.paymenthub.carddata.SensitiveDataWiper;
import io.paymenthub.payment.MessageFormat;
import io.paymenthub.payment.MessageRejected;
import io.paymenthub.payment.Payment;
import io.paymenthub.residency.ResidencyDecision;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.util.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Turns a rejected or quarantined message into the one JSON envelope operators read:
 * {@code message_id, source, format, reason, references, payload_encrypted}. References are in clear so the
 * message can be found; the payload is wiped of sensitive data first and then encrypted, never in clear.
 */
public final class BuildDeadLetterEnvelopeProcessor implements Processor {

    public static final String REASON_HEADER = "hub-reason";

    private final SensitiveDataWiper wiper;
    private final Supplier<PayloadSealer> sealer;

    public BuildDeadLetterEnvelopeProcessor(SensitiveDataWiper wiper, PayloadSealer sealer) {
        this(wiper, () -> sealer);
    }

    /** @param sealer gives the sealer of the newest payload key (keys rotate while the hub runs) */
    public BuildDeadLetterEnvelopeProcessor(SensitiveDataWiper wiper, Supplier<PayloadSealer> sealer) {
        this.wiper = wiper;
        this.sealer = sealer;
    }

    @Override
    public void process(Exchange exchange) {
        Object body = exchange.getMessage().getBody();
        Payment payment = body instanceof Payment p ? p : null;
        MessageFormat format = exchange.getProperty(ExchangeKeys.FORMAT, MessageFormat.class);
        String reason = reason(exchange);

        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("message_id", payment != null ? payment.messageId()
                : exchange.getProperty(ExchangeKeys.SOURCE_REF, exchange.getExchangeId(), String.class));
        envelope.put("source", exchange.getProperty(ExchangeKeys.SOURCE, String.class));
        envelope.put("format", format == null ? null : format.headerValue());
        envelope.put("reason", reason);
        envelope.put("references", payment == null ? Map.of() : new JsonObject(payment.references()));
        envelope.put("payload_encrypted", sealer.get().seal(wiper.keptCopy(exchange)));

        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setHeader(REASON_HEADER, reason);
        exchange.getMessage().setBody(new JsonObject(envelope).toJson().getBytes(StandardCharsets.UTF_8));
    }

    /** Only {@link MessageRejected} texts are known to be free of card data; anything else is named by type. */
    private static String reason(Exchange exchange) {
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        if (cause instanceof MessageRejected rejected) {
            return rejected.getMessage();
        }
        ResidencyDecision decision = exchange.getProperty(ExchangeKeys.RESIDENCY_DECISION, ResidencyDecision.class);
        if (cause == null && decision != null) {
            return "residency " + decision.outcome() + ": " + decision.decidingField();
        }
        return cause == null ? "rejected" : "unexpected " + cause.getClass().getSimpleName();
    }
}
