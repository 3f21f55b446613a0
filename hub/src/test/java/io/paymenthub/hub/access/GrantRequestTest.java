package io.paymenthub.hub.access;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** What a grant request must say: a known scope, why, and for how long — at most eight hours. */
class GrantRequestTest {

    private static final String WHY = "case 4711: disputed card payment";

    @Test
    void aRequestWithScopeJustificationAndDurationIsAccepted() {
        GrantRequest request = new GrantRequest("pan-search", WHY, "PT2H");

        assertThat(request.problems()).isEmpty();
        assertThat(request.accessScope()).isEqualTo(AccessScope.PAN_SEARCH);
        assertThat(request.durationSeconds()).isEqualTo(7200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"PT8H", "PT1S", "PT30M", "PT7H59M59S"})
    void durationsUpToEightHoursAreAccepted(String duration) {
        assertThat(new GrantRequest("archive-open", WHY, duration).problems()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"PT8H1S", "PT9H", "P1D", "PT0S", "-PT1H", "PT0.5S", "2h", ""})
    void aDurationOverEightHoursOrNotAnIsoDurationNamesTheField(String duration) {
        assertThat(new GrantRequest("pan-search", WHY, duration).problems())
                .singleElement().asString().startsWith("duration: ");
    }

    @Test
    void aMissingDurationNamesTheField() {
        assertThat(new GrantRequest("pan-search", WHY, null).problems()).singleElement().asString().startsWith("duration: ");
    }

    @Test
    void theJustificationIsRequiredAndBounded() {
        assertThat(new GrantRequest("pan-search", null, "PT1H").problems()).singleElement().asString().startsWith("justification: ");
        assertThat(new GrantRequest("pan-search", "   because   ", "PT1H").problems()).singleElement().asString()
                .startsWith("justification: ");
        assertThat(new GrantRequest("pan-search", "x".repeat(501), "PT1H").problems()).singleElement().asString()
                .startsWith("justification: ");
        assertThat(new GrantRequest("pan-search", "x".repeat(500), "PT1H").problems()).isEmpty();
    }

    @Test
    void anUnknownScopeIsNamedWithTheScopesThereAre() {
        assertThat(new GrantRequest("everything", WHY, "PT1H").problems()).singleElement().asString()
                .isEqualTo("scope: must be one of 'pan-search', 'archive-open', 'key-destroy'");
    }

    @Test
    void everyProblemIsReportedAtOnceWithoutRepeatingTheValues() {
        assertThat(new GrantRequest("4111111111111111", "", "PT99H").problems())
                .hasSize(3).noneMatch(problem -> problem.contains("4111111111111111") || problem.contains("PT99H"));
    }

    @Test
    void eachScopeServesOneRole() {
        assertThat(AccessScope.PAN_SEARCH.role().name()).isEqualTo("ANALYST");
        assertThat(AccessScope.ARCHIVE_OPEN.role().name()).isEqualTo("AUDITOR");
        assertThat(AccessScope.KEY_DESTROY.role().name()).isEqualTo("OPS");
        assertThat(AccessScope.of("key-destroy")).contains(AccessScope.KEY_DESTROY);
        assertThat(AccessScope.of("PAN-SEARCH")).isEmpty();
    }
}
