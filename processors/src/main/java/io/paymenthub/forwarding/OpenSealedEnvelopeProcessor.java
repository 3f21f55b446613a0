package io.paymenthub.forwarding;

import io.paymenthub.ingest.ExchangeKeys;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import java.util.function.Supplier;

/**
 * The first step of ingest: a body that is a sealed envelope (whatever its source) is opened with this region's
 * forwarding keys and continues as the message it carries, received here directly; its format is the envelope's.
 * Anything else passes untouched. An envelope that does not open is rejected to the source's dead-letter place.
 */
public final class OpenSealedEnvelopeProcessor implements Processor {

    private final Supplier<EnvelopeOpener> opener;

    /** @param opener gives the opener of the forwarding keys held now (keys rotate while the hub runs) */
    public OpenSealedEnvelopeProcessor(Supplier<EnvelopeOpener> opener) {
        this.opener = opener;
    }

    @Override
    public void process(Exchange exchange) {
        byte[] body = exchange.getMessage().getBody(byte[].class);
        if (body == null || !SealedEnvelope.mayBeSealed(body)) {
            return;
        }
        // the envelope itself is what a dead letter keeps, should it not open
        exchange.setProperty(ExchangeKeys.RAW_MESSAGE, body);
        SealedEnvelope envelope = SealedEnvelope.read(body);
        if (envelope == null) {
            return;
        }
        byte[] opened = opener.get().open(envelope);
        exchange.removeProperty(ExchangeKeys.RAW_MESSAGE);
        exchange.setProperty(ExchangeKeys.SEALED_BY, envelope.senderRegion());
        exchange.getMessage().setHeader(ExchangeKeys.FORMAT_HEADER, envelope.format());
        exchange.getMessage().setBody(opened);
    }
}
