package io.paymenthub.devservices;

import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.net.URI;
import java.util.Map;

/** An in-process ElasticMQ server speaking the SQS API on a free port. */
public final class LocalSqs implements AutoCloseable {

    /** The region ElasticMQ puts in queue ARNs, the same as the hub's default SQS region. */
    public static final String REGION = "ap-south-1";

    private final SQSRestServer server;
    private final int port;

    private LocalSqs(SQSRestServer server, int port) {
        this.server = server;
        this.port = port;
    }

    static LocalSqs start() {
        return start(SQSRestServerBuilder.withInterface("localhost").withDynamicPort());
    }

    /** An ElasticMQ of its own on {@code port}, for a test that needs an SQS server to appear after the hub. */
    public static LocalSqs startOn(int port) {
        return start(SQSRestServerBuilder.withInterface("localhost").withPort(port));
    }

    private static LocalSqs start(org.elasticmq.rest.sqs.TheSQSRestServerBuilder builder) {
        SQSRestServer server = builder
                .withAWSRegion(REGION)
                .start();
        int port = server.waitUntilStarted().localAddress().getPort();
        return new LocalSqs(server, port);
    }

    public String endpoint() {
        return "http://localhost:" + port;
    }

    /** A client for tests and set-up; ElasticMQ accepts any credentials. */
    public SqsClient client() {
        return SqsClient.builder()
                .endpointOverride(URI.create(endpoint()))
                .httpClientBuilder(ApacheHttpClient.builder())
                .region(Region.of(REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .build();
    }

    /** Creates the queue if it does not exist and returns its URL. */
    public String createQueue(String name) {
        try (SqsClient sqs = client()) {
            return sqs.createQueue(request -> request.queueName(name)).queueUrl();
        }
    }

    /** A queue whose messages move to {@code deadLetters} after {@code maxReceiveCount} receives (its redrive policy). */
    public String createQueueWithDeadLetters(String name, String deadLetters, int maxReceiveCount) {
        try (SqsClient sqs = client()) {
            String dlqUrl = sqs.createQueue(request -> request.queueName(deadLetters)).queueUrl();
            String dlqArn = sqs.getQueueAttributes(request -> request.queueUrl(dlqUrl)
                    .attributeNames(QueueAttributeName.QUEUE_ARN)).attributes().get(QueueAttributeName.QUEUE_ARN);
            String redrive = "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":\"" + maxReceiveCount + "\"}";
            return sqs.createQueue(request -> request.queueName(name)
                    .attributes(Map.of(QueueAttributeName.REDRIVE_POLICY, redrive))).queueUrl();
        }
    }

    @Override
    public void close() {
        server.stopAndWait();
    }
}
