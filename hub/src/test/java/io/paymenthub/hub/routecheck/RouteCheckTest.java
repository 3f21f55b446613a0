package io.paymenthub.hub.routecheck;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Each kind of broken route file is refused with its file, line and reason (broken files in src/test/resources/routecheck). */
class RouteCheckTest {

    private static final Path BROKEN = Path.of("hub/src/test/resources/routecheck");
    private static final List<Path> BUILT_IN = RouteCheck.builtInFiles(Path.of("routes"));

    @Test
    void anUnknownComponentIsNamedWhereItIsWritten() {
        assertThat(check("unknown-component/ingest-kafka-typo.camel.yaml")).containsExactly(
                BROKEN + "/unknown-component/ingest-kafka-typo.camel.yaml:6: unknown component kafak in kafak:typo-bank.payments: "
                        + "the hub has no such Camel component");
    }

    @Test
    void aMissingRequiredTemplateParameterAndAnUnknownOneAreNamed() {
        String file = BROKEN + "/missing-parameter/ingest-sqs-no-queue.camel.yaml";
        assertThat(check("missing-parameter/ingest-sqs-no-queue.camel.yaml")).containsExactly(
                file + ":2: missing required parameter queue of template sqs-feed: Name of the queue the bank sends to (in the "
                        + "hub's region); give it a redrive policy to a dead-letter queue.",
                file + ":6: template sqs-feed has no parameter concurentConsumers; its parameters are "
                        + "[queue, concurrentConsumers, waitTimeSeconds, visibilityTimeout, enabled]");
    }

    @Test
    void aRouteSendingStraightToTheStoreStepIsRefused() {
        assertThat(check("bypass/ingest-kafka-straight-to-store.camel.yaml")).containsExactly(
                BROKEN + "/bypass/ingest-kafka-straight-to-store.camel.yaml:2: route ingest-kafka-straight-to-store never hands its "
                        + "messages to direct:ingest: every feed ends in the ingest path",
                BROKEN + "/bypass/ingest-kafka-straight-to-store.camel.yaml:12: direct:store-payment is a step of the hub's own "
                        + "(route deliver-store-payment): sending there skips what direct:ingest does first — card-data scrubbing "
                        + "and masking, the residency decision; a feed hands its messages to direct:ingest");
    }

    @Test
    void aRouteWritingToTheDatastoreWithSqlIsRefusedEvenIfItAlsoIngests() {
        assertThat(check("bypass/ingest-http-sql-insert.camel.yaml")).containsExactly(
                BROKEN + "/bypass/ingest-http-sql-insert.camel.yaml:9: sql: writes to a datastore directly, past card-data masking, "
                        + "the residency decision and delivery; a feed hands its messages to direct:ingest",
                BROKEN + "/bypass/ingest-http-sql-insert.camel.yaml:9: unknown component sql in sql:insert into payment "
                        + "(message_id, source, raw) values (:#${header.id}, 'http', :#${body}): the hub has no such Camel component");
    }

    @Test
    void javaStepsAndDeliveryEndpointsAreRefused() {
        String file = BROKEN + "/bypass/ingest-sqs-java-step.camel.yaml";
        assertThat(check("bypass/ingest-sqs-java-step.camel.yaml")).containsExactly(
                file + ":2: route ingest-sqs-java-step never hands its messages to direct:ingest: every feed ends in the ingest path",
                file + ":8: step process is not allowed in a feed: it runs Java code: a feed is YAML only; steps that need code "
                        + "belong to the hub's templates",
                file + ":11: a feed sends only to direct:ingest (and log:), not to kafka:payments.sg: delivery is the hub's, "
                        + "after masking and the residency decision");
    }

    @Test
    void aRouteWithoutTheSharedErrorHandlingOrTheIngestPathIsRefused() {
        String file = BROKEN + "/bypass/ingest-s3-no-error-handling.camel.yaml";
        assertThat(check("bypass/ingest-s3-no-error-handling.camel.yaml")).containsExactly(
                file + ":2: route ingest-s3-no-error-handling must use the shared error handling: routeConfigurationId: error-handling",
                file + ":2: route ingest-s3-no-error-handling never hands its messages to direct:ingest: every feed ends in the ingest path");
    }

    @Test
    void aRouteIdOfABuiltInRouteIsADuplicate() {
        assertThat(check("duplicate/ingest-kafka.camel.yaml")).containsExactly(
                BROKEN + "/duplicate/ingest-kafka.camel.yaml:4: duplicate route id ingest-kafka: already used at "
                        + "routes/ingest-kafka.camel.yaml:4");
    }

    @Test
    void theSameFeedInTwoDirectoriesIsADuplicate() {
        assertThat(check("base/ingest-kafka-deccan-bank.camel.yaml", "overlay/ingest-kafka-deccan-bank.camel.yaml")).containsExactly(
                BROKEN + "/overlay/ingest-kafka-deccan-bank.camel.yaml:4: duplicate route id ingest-kafka-deccan-bank: already used at "
                        + BROKEN + "/base/ingest-kafka-deccan-bank.camel.yaml:4");
    }

    @Test
    void aSecretWrittenInClearIsRefused() {
        assertThat(check("secret/ingest-kafka-clear-secret.camel.yaml")).containsExactly(
                BROKEN + "/secret/ingest-kafka-clear-secret.camel.yaml:9: parameter saslJaasConfig is a secret: give it as a "
                        + "property placeholder such as {{env:BANK_KAFKA_JAAS}}, never its value");
    }

    @Test
    void aDialectFileThatIsNotThereIsNamed() {
        assertThat(check("missing-file/ingest-iso8583-no-dialect.camel.yaml")).containsExactly(
                BROKEN + "/missing-file/ingest-iso8583-no-dialect.camel.yaml:9: parameter dialect names "
                        + "file:config/iso8583/no-such-switch.xml, which does not exist (a relative path starts at the hub's "
                        + "directory, beside config/)");
    }

    @Test
    void yamlThatDoesNotParseIsNamedWithItsLine() {
        assertThat(check("not-yaml/ingest-kafka-broken.camel.yaml")).singleElement().asString()
                .startsWith(BROKEN + "/not-yaml/ingest-kafka-broken.camel.yaml:7: not YAML: ");
    }

    @Test
    void aFeedCannotBringItsOwnErrorHandling() {
        assertThat(check("not-a-feed/ingest-kafka-own-handling.camel.yaml")).containsExactly(
                BROKEN + "/not-a-feed/ingest-kafka-own-handling.camel.yaml:2: routeConfiguration is not allowed in a feed file: "
                        + "a feed adds routes (templatedRoute or route); templates, route configurations, error handlers, "
                        + "interceptors, REST definitions and beans are the hub's");
    }

    @Test
    void theCommandExitsNonZeroAndPrintsEachFinding() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int status = RouteCheck.run(new String[] {BROKEN + "/bypass"}, print(out), print(err));

        assertThat(status).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains(
                BROKEN + "/bypass/ingest-kafka-straight-to-store.camel.yaml:12: direct:store-payment is a step of the hub's own");
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("problems");
    }

    private static List<String> check(String... feeds) {
        return RouteCheck.check(BUILT_IN, java.util.Arrays.stream(feeds).map(BROKEN::resolve).toList()).stream()
                .map(Finding::toString).toList();
    }

    private static PrintStream print(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }
}
