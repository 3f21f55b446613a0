package io.paymenthub.forwarding;

import com.solab.iso8583.IsoMessage;
import io.paymenthub.carddata.KeyMaterial;
import io.paymenthub.carddata.PanMasking;
import io.paymenthub.carddata.SensitiveDataWiper;
import io.paymenthub.ingest.ExchangeKeys;
import io.paymenthub.iso8583.Dialects;
import io.paymenthub.iso8583.Iso8583Dialect;
import io.paymenthub.payment.MessageFormat;
import io.paymenthub.payment.MessageRejected;
import io.paymenthub.residency.QuarantineUnforwardableProcessor;
import io.paymenthub.residency.ResidencyDecision;
import io.paymenthub.residency.ResidencyDecision.Outcome;
import io.paymenthub.residency.ResidencyPolicy;
import io.paymenthub.samples.JposMessages;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The forwarding steps on exchanges as the routes hand them over: seal in the sending region, open in the home one. */
class SealedForwardingStepsTest {

    private final Iso8583Dialect dialect = Dialects.ascii1987();
    private final SensitiveDataWiper wiper = new SensitiveDataWiper(dialect);
    private final KeyMaterial singaporeKey = key();
    private final SealForHomeRegionProcessor seal = new SealForHomeRegionProcessor(wiper,
            Map.of("sg", new ForwardSealer("in", "sg", SealPublicKey.of(singaporeKey), Clock.systemUTC())));
    private final OpenSealedEnvelopeProcessor openInSingapore =
            new OpenSealedEnvelopeProcessor(() -> new EnvelopeOpener("sg", List.of(singaporeKey)));
    private final byte[] message = JposMessages.purchase(1001, JposMessages.SINGAPORE).set(41, "STEP0001").pack();

    @Test
    void aForeignMessageLeavesSealedWithoutTracksOrPinAndArrivesWithItsPan() {
        Exchange sending = foreign(message);
        seal.process(sending);
        byte[] wire = sending.getMessage().getBody(byte[].class);

        String text = new String(wire, StandardCharsets.UTF_8);
        assertThat(PanMasking.countClearPans(text)).isZero();
        assertThat(text).doesNotContain(JposMessages.VISA_TEST_PAN).doesNotContain(JposMessages.PIN_BLOCK)
                .contains("\"home_region\":\"sg\"", "\"origin_country\":\"SG\"", "\"source\":\"kafka\"");

        Exchange receiving = new DefaultExchange(new DefaultCamelContext());
        receiving.getMessage().setBody(wire);
        openInSingapore.process(receiving);

        IsoMessage opened = dialect.read(receiving.getMessage().getBody(byte[].class));
        assertThat(opened.getObjectValue(2).toString()).isEqualTo(JposMessages.VISA_TEST_PAN);
        assertThat(opened.hasAnyField(35, 36, 45, 52, 55)).isFalse();
        assertThat(opened.getObjectValue(41).toString()).isEqualTo("STEP0001");
        assertThat(receiving.getMessage().getHeader(ExchangeKeys.FORMAT_HEADER)).isEqualTo("iso8583");
        assertThat(receiving.getProperty(ExchangeKeys.SEALED_BY)).isEqualTo("in");
    }

    @Test
    void aPlainMessagePassesTheOpeningStepUntouched() {
        Exchange plain = new DefaultExchange(new DefaultCamelContext());
        plain.getMessage().setBody(message);

        openInSingapore.process(plain);

        assertThat(plain.getMessage().getBody(byte[].class)).isEqualTo(message);
        assertThat(plain.getProperty(ExchangeKeys.RAW_MESSAGE)).isNull();
        assertThat(plain.getProperty(ExchangeKeys.SEALED_BY)).isNull();
    }

    @Test
    void aRegionWithoutASealKeyIsNeverForwardedInClear() {
        ResidencyPolicy policy = new ResidencyPolicy("in", Map.of(
                "in", new ResidencyPolicy.Region(Set.of("IN"), null, null),
                "sg", new ResidencyPolicy.Region(Set.of("SG"), "kafka:payments.sg", ""),
                "my", new ResidencyPolicy.Region(Set.of("MY"), "kafka:payments.my", SealPublicKey.of(singaporeKey).text())),
                "kafka:payments.quarantine");
        QuarantineUnforwardableProcessor quarantine = new QuarantineUnforwardableProcessor(policy);

        Exchange toSingapore = foreign(message);
        quarantine.process(toSingapore);
        Exchange toMalaysia = foreign(message);
        toMalaysia.setProperty(ExchangeKeys.RESIDENCY_DECISION, new ResidencyDecision(Outcome.FOREIGN, "MY", "my", "DE19"));
        quarantine.process(toMalaysia);
        Exchange openedHere = foreign(message);
        openedHere.setProperty(ExchangeKeys.RESIDENCY_DECISION, new ResidencyDecision(Outcome.FOREIGN, "MY", "my", "DE19"));
        openedHere.setProperty(ExchangeKeys.SEALED_BY, "sg");
        quarantine.process(openedHere);

        assertThat(toSingapore.getMessage().getHeader(ExchangeKeys.RESIDENCY)).isEqualTo("UNKNOWN");
        assertThat(toSingapore.getMessage().getHeader(ExchangeKeys.FORWARD_URI)).isNull();
        assertThat(toSingapore.getProperty(ExchangeKeys.RESIDENCY_DECISION, ResidencyDecision.class).decidingField())
                .isEqualTo("DE19 names region sg, which has no seal-public-key: not forwarded in clear");
        assertThat(toMalaysia.getMessage().getHeader(ExchangeKeys.RESIDENCY)).isEqualTo("FOREIGN");
        assertThat(openedHere.getMessage().getHeader(ExchangeKeys.RESIDENCY)).isEqualTo("UNKNOWN");
        assertThatThrownBy(() -> new SealForHomeRegionProcessor(wiper, Map.of()).process(foreign(message)))
                .isInstanceOf(MessageRejected.class).hasMessage("home_region: no seal key for the home region: not forwarded in clear");
    }

    private static Exchange foreign(byte[] raw) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.setProperty(ExchangeKeys.RAW_MESSAGE, raw);
        exchange.setProperty(ExchangeKeys.FORMAT, MessageFormat.ISO8583);
        exchange.setProperty(ExchangeKeys.SOURCE, "kafka");
        exchange.setProperty(ExchangeKeys.RESIDENCY_DECISION, new ResidencyDecision(Outcome.FOREIGN, "SG", "sg", "DE19"));
        exchange.getMessage().setHeader(ExchangeKeys.RESIDENCY, "FOREIGN");
        exchange.getMessage().setHeader(ExchangeKeys.FORWARD_URI, "kafka:payments.sg");
        return exchange;
    }

    private static KeyMaterial key() {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        return new KeyMaterial("local-forward-v1", secret);
    }
}
