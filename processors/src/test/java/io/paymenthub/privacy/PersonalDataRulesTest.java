package io.paymenthub.privacy;

import io.paymenthub.privacy.PersonalDataRules.Rule;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PersonalDataRulesTest {

    private final Map<String, String> clear = new LinkedHashMap<>(Map.of(
            "Dbtr/Nm", "Aarav Mehta Traders Pvt Ltd",
            "DbtrAcct/Id", "IN12HDFC0001234567891",
            "CdtrAcct/Id", "50100234567891",
            "Dbtr/PstlAdr", "Linking Road, 42, Mumbai, IN",
            "RmtInf/Ustrd", "Invoice 2025-0312-77"));

    @Test
    void defaultsKeepInitialsAndLastFourAndDropTheRest() {
        Map<String, String> masked = PersonalDataRules.defaults().mask(clear);

        assertThat(masked).containsOnly(
                Map.entry("Dbtr/Nm", "A. M. T. P. L."),
                Map.entry("DbtrAcct/Id", "IN***************7891"),
                Map.entry("CdtrAcct/Id", "**********7891"));
    }

    @Test
    void rulesAreChosenPerCategory() {
        Map<String, String> masked = new PersonalDataRules(Rule.REDACT, Rule.REDACT, Rule.KEEP, Rule.KEEP).mask(clear);

        assertThat(masked).containsOnlyKeys("Dbtr/PstlAdr", "RmtInf/Ustrd");
    }
}
