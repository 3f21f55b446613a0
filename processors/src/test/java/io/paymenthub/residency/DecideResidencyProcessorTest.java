package io.paymenthub.residency;

import io.paymenthub.payment.OriginSignal;
import io.paymenthub.residency.ResidencyDecision.Outcome;
import io.paymenthub.residency.ResidencyPolicy.Region;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DecideResidencyProcessorTest {

    static final ResidencyPolicy POLICY = new ResidencyPolicy("in", Map.of(
            "in", new Region(Set.of("IN"), "kafka:payments.in", null),
            "sg", new Region(Set.of("SG", "MY"), "kafka:payments.sg", null)), "kafka:payments.quarantine");

    private final DecideResidencyProcessor processor = new DecideResidencyProcessor(POLICY);

    @Test
    void homeCountryIsLocal() {
        assertThat(processor.decide(List.of(new OriginSignal("DE19", "IN"))))
                .isEqualTo(new ResidencyDecision(Outcome.LOCAL, "IN", "in", "DE19"));
    }

    @Test
    void anotherRegionsCountryIsForeign() {
        assertThat(processor.decide(List.of(new OriginSignal("DbtrAgt/FinInstnId/BICFI", "MY"),
                new OriginSignal("DbtrAcct/Id/IBAN", "SG"))))
                .isEqualTo(new ResidencyDecision(Outcome.FOREIGN, "MY", "sg", "DbtrAgt/FinInstnId/BICFI"));
    }

    @Test
    void noSignalAnUnclaimedCountryOrAConflictIsUnknown() {
        assertThat(processor.decide(List.of()).outcome()).isEqualTo(Outcome.UNKNOWN);
        assertThat(processor.decide(List.of(new OriginSignal("DE19", "GB"))).outcome()).isEqualTo(Outcome.UNKNOWN);
        assertThat(processor.decide(List.of(new OriginSignal("DE19", "IN"), new OriginSignal("DE43", "SG"))))
                .isEqualTo(new ResidencyDecision(Outcome.UNKNOWN, "IN", null, "DE19 conflicts with DE43"));
    }

    @Test
    void rejectsAPolicyThatPutsACountryInTwoRegions() {
        assertThatThrownBy(() -> new ResidencyPolicy("in", Map.of(
                "in", new Region(Set.of("IN"), null, null),
                "sg", new Region(Set.of("SG", "IN"), "kafka:payments.sg", null)), "kafka:q"))
                .hasMessageContaining("country IN is in both regions");
        assertThatThrownBy(() -> new ResidencyPolicy("eu", POLICY.regions(), "kafka:q"))
                .hasMessageContaining("hub.region 'eu'");
    }
}
