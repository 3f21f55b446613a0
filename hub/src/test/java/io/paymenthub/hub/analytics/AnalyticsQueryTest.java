package io.paymenthub.hub.analytics;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AnalyticsQueryTest {

    private final ObjectMapper json = new ObjectMapper();

    private List<String> problems(String body) throws Exception {
        List<String> problems = new ArrayList<>();
        AnalyticsQuery.read(json.readTree(body), problems);
        return problems;
    }

    @Test
    void aValidQueryAddsTheCurrencyWhenAmountsAreMeasured() throws Exception {
        List<String> problems = new ArrayList<>();
        AnalyticsQuery query = AnalyticsQuery.read(json.readTree("""
                {"from": "2026-11-01T00:00:00Z", "to": "2026-12-01T00:00:00Z", "filters": {"region": "in"},
                 "group_by": ["origin_country", "week"], "measures": ["count", "sum_amount"]}"""), problems);
        assertThat(problems).isEmpty();
        assertThat(query.groupDimensions()).containsExactly(Dimension.ORIGIN_COUNTRY, Dimension.CURRENCY);
        assertThat(query.bucket()).contains(TimeBucket.WEEK);
        assertThat(query.shape()).containsEntry("filters", List.of("region"));
    }

    @Test
    void everyProblemNamesItsFieldAndNoneRepeatsAValue() throws Exception {
        List<String> problems = problems("""
                {"from": "2026-11-01T00:15:00Z", "to": "yesterday", "filters": {"pan_token": "abc", "currency": "4111111111111111"},
                 "group_by": ["region", "origin_country", "currency", "mcc", "message_id"], "measures": ["sum_pan"], "export": "csv"}""");
        assertThat(problems).anyMatch(p -> p.startsWith("from: must be a whole hour"))
                .anyMatch(p -> p.startsWith("to: not an instant"))
                .anyMatch(p -> p.startsWith("filters.pan_token: not a dimension"))
                .anyMatch(p -> p.startsWith("filters.currency: not a valid currency value"))
                .anyMatch(p -> p.startsWith("group_by.message_id: not a dimension"))
                .anyMatch(p -> p.startsWith("group_by: at most 3 dimensions"))
                .anyMatch(p -> p.startsWith("measures.sum_pan: not a measure"))
                .anyMatch(p -> p.startsWith("export: not a field"));
        assertThat(String.join(" ", problems)).doesNotContain("4111111111111111", "abc", "yesterday");
    }

    @Test
    void amountBoundsAreBands() throws Exception {
        assertThat(problems("""
                {"from": "2026-11-01T00:00:00Z", "to": "2026-11-02T00:00:00Z", "filters": {"amount_minor": {"min": 100, "max": 1000000}},
                 "measures": ["count"]}""")).isEmpty();
        assertThat(problems("""
                {"from": "2026-11-01T00:00:00Z", "to": "2026-11-02T00:00:00Z", "filters": {"amount_minor": {"min": 999}},
                 "measures": ["count"]}""")).containsExactly("filters.amount_minor.min: must be 0 or a power of ten (1, 10, 100 ... minor units)");
    }
}
