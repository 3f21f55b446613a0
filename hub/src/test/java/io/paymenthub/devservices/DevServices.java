package io.paymenthub.devservices;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The real servers the hub needs, started once per JVM from Maven artifacts: PostgreSQL, a Kafka
 * KRaft broker, ElasticMQ (SQS) and S3Mock. Used by the integration tests and the local run.
 * They stop when the JVM exits, after the Spring applications that use them have closed.
 */
public final class DevServices {

    private static final Logger LOG = LoggerFactory.getLogger(DevServices.class);
    private static final Set<String> SPRING_SHUTDOWN_HOOKS = Set.of("SpringContextShutdownHook", "SpringApplicationShutdownHook");
    private static final Duration APPLICATION_SHUTDOWN_WAIT = Duration.ofSeconds(30);

    private static DevServices instance;
    private static RuntimeException startFailure;

    private final LocalPostgres postgres;
    private final LocalKafka kafka;
    private final LocalSqs sqs;
    private final LocalS3 s3;
    private final Duration startupTime;
    /** Datastores of other regions, for tests that run one hub per region. */
    private final Map<String, LocalPostgres> otherRegions = new java.util.concurrent.ConcurrentHashMap<>();

    private DevServices(LocalPostgres postgres, LocalKafka kafka, LocalSqs sqs, LocalS3 s3, Duration startupTime) {
        this.postgres = postgres;
        this.kafka = kafka;
        this.sqs = sqs;
        this.s3 = s3;
        this.startupTime = startupTime;
    }

    /** Starts the servers on first use; later calls, from any thread, get the same ones. */
    public static synchronized DevServices get() {
        if (startFailure != null) {
            throw new IllegalStateException("dev services failed to start earlier in this JVM", startFailure);
        }
        if (instance == null) {
            try {
                instance = startAll();
            } catch (RuntimeException e) {
                startFailure = e;
                throw e;
            }
            Runtime.getRuntime().addShutdownHook(new Thread(instance::stopAfterApplications, "devservices-shutdown"));
        }
        return instance;
    }

    /** The Spring properties that point the hub at these servers. */
    public Map<String, String> springProperties() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("spring.datasource.url", postgres.jdbcUrl());
        properties.put("spring.datasource.username", postgres.appUsername());
        properties.put("spring.datasource.password", postgres.appPassword());
        properties.put("spring.flyway.user", postgres.username());
        properties.put("spring.flyway.password", postgres.password());
        properties.put("hub.datastore.app-role", postgres.appUsername());
        properties.put("hub.sources.kafka.brokers", kafka.bootstrapServers());
        properties.put("hub.sources.sqs.endpoint", sqs.endpoint());
        properties.put("hub.sources.s3.endpoint", s3.endpoint());
        properties.put("hub.archive.endpoint", s3.endpoint());
        properties.put("camel.component.kafka.brokers", kafka.bootstrapServers());
        return Collections.unmodifiableMap(properties);
    }

    /**
     * Publishes {@link #springProperties()} as system properties, where Spring Boot reads them, and
     * gives the AWS SDK's default credential chain placeholder keys (ElasticMQ and S3Mock accept any)
     * unless some are set already.
     */
    public void applyAsSystemProperties() {
        springProperties().forEach(System::setProperty);
        if (System.getProperty("aws.accessKeyId") == null && System.getenv("AWS_ACCESS_KEY_ID") == null) {
            System.setProperty("aws.accessKeyId", "local");
            System.setProperty("aws.secretAccessKey", "local");
        }
    }

    public LocalPostgres postgres() {
        return postgres;
    }

    /** A separate PostgreSQL server for another region's hub, started on first use and stopped with the rest. */
    public LocalPostgres regionDatastore(String region) {
        return otherRegions.computeIfAbsent(region, name -> LocalPostgres.start());
    }

    public LocalKafka kafka() {
        return kafka;
    }

    public LocalSqs sqs() {
        return sqs;
    }

    public LocalS3 s3() {
        return s3;
    }

    /** Wall-clock time the four servers took to start (they start in parallel). */
    public Duration startupTime() {
        return startupTime;
    }

    /** One line per server, for the local run to print. */
    public String describe() {
        return String.join(System.lineSeparator(),
                "PostgreSQL  " + postgres.jdbcUrl() + " (hub runs as " + postgres.appUsername() + "/" + postgres.appPassword()
                        + ", migrations as owner " + postgres.username() + "/" + postgres.password() + ")",
                "Kafka       " + kafka.bootstrapServers(),
                "SQS         " + sqs.endpoint() + " (ElasticMQ, region " + LocalSqs.REGION + ", any credentials)",
                "S3          " + s3.endpoint() + " (S3Mock, path-style, any credentials)");
    }

    private static DevServices startAll() {
        long started = System.nanoTime();
        ExecutorService starter = Executors.newFixedThreadPool(4, runnable -> {
            Thread thread = new Thread(runnable, "devservices-start");
            thread.setDaemon(true);
            return thread;
        });
        try {
            CompletableFuture<LocalPostgres> postgres = startTimed("PostgreSQL", LocalPostgres::start, starter);
            CompletableFuture<LocalKafka> kafka = startTimed("Kafka", LocalKafka::start, starter);
            CompletableFuture<LocalSqs> sqs = startTimed("ElasticMQ", LocalSqs::start, starter);
            CompletableFuture<LocalS3> s3 = startTimed("S3Mock", LocalS3::start, starter);
            List<CompletableFuture<? extends AutoCloseable>> all = List.of(postgres, kafka, sqs, s3);
            try {
                CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
            } catch (CompletionException e) {
                IllegalStateException failure = new IllegalStateException("dev services did not start", e.getCause());
                closeStarted(all, failure);
                throw failure;
            }
            Duration startupTime = Duration.ofNanos(System.nanoTime() - started);
            DevServices services = new DevServices(postgres.join(), kafka.join(), sqs.join(), s3.join(), startupTime);
            // the hub's default buckets, as an operator would have created them
            services.s3().createBuckets("payments-inbound", "payments-archive-in");
            services.s3().expireObjects("payments-archive-in", "region=in/", 5 * 365);   // hub.retention.archive: P5Y
            services.sqs().createQueueWithDeadLetters("payments-inbound", "payments-inbound-dlq", 2);
            LOG.info("Dev services started in {} ms:{}{}", startupTime.toMillis(), System.lineSeparator(), services.describe());
            return services;
        } finally {
            starter.shutdown();
        }
    }

    private static <T> CompletableFuture<T> startTimed(String name, Supplier<T> start, ExecutorService starter) {
        return CompletableFuture.supplyAsync(() -> {
            long started = System.nanoTime();
            T server = start.get();
            LOG.info("{} started in {} ms", name, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
            return server;
        }, starter);
    }

    private static void closeStarted(List<CompletableFuture<? extends AutoCloseable>> servers, Exception failure) {
        for (CompletableFuture<? extends AutoCloseable> server : servers) {
            try {
                AutoCloseable started = server.exceptionally(e -> null).join();
                if (started != null) {
                    started.close();
                }
            } catch (Exception e) {
                failure.addSuppressed(e);
            }
        }
    }

    private void stopAfterApplications() {
        awaitSpringShutdownHooks();
        List<AutoCloseable> servers = new ArrayList<>(List.of(s3, sqs, kafka, postgres));
        servers.addAll(otherRegions.values());
        List<Thread> stoppers = new ArrayList<>();
        for (AutoCloseable server : servers) {
            Thread stopper = new Thread(() -> stop(server), "devservices-stop");
            stopper.start();
            stoppers.add(stopper);
        }
        for (Thread stopper : stoppers) {
            try {
                stopper.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static void stop(AutoCloseable server) {
        try {
            server.close();
        } catch (Exception e) {
            LOG.warn("{} did not stop cleanly", server.getClass().getSimpleName(), e);
        }
    }

    /** JVM shutdown hooks run concurrently: let the applications close before their servers go away. */
    private static void awaitSpringShutdownHooks() {
        long deadline = System.nanoTime() + APPLICATION_SHUTDOWN_WAIT.toNanos();
        try {
            Thread.sleep(100); // the JVM starts all hooks at once; give Spring's a moment to be among the live threads
            for (Thread thread : Thread.getAllStackTraces().keySet()) {
                if (thread != Thread.currentThread() && SPRING_SHUTDOWN_HOOKS.contains(thread.getName())) {
                    long remainingMillis = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                    if (remainingMillis <= 0) {
                        return;
                    }
                    thread.join(remainingMillis);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
