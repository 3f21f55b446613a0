package io.paymenthub.devservices;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ExpirationStatus;
import software.amazon.awssdk.services.s3.model.LifecycleRule;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;

/**
 * S3Mock in a JVM of its own (it is a Spring Boot application and must not share our classpath),
 * started from its exec jar on a free port, with its data in a temporary directory.
 */
public final class LocalS3 implements AutoCloseable {

    /** Overrides where the exec jar is; by default where {@code generate-test-resources} copies it (hub/pom.xml). */
    static final String JAR_PROPERTY = "devservices.s3mock.jar";
    private static final List<Path> JAR_CANDIDATES = List.of(
            Path.of("target/s3mock/s3mock-exec.jar"),
            Path.of("hub/target/s3mock/s3mock-exec.jar"));
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(90);

    private final Process process;
    private final int port;
    private final Path workDirectory;

    private LocalS3(Process process, int port, Path workDirectory) {
        this.process = process;
        this.port = port;
        this.workDirectory = workDirectory;
    }

    static LocalS3 start() {
        Path jar = findJar();
        Path workDirectory = createTempDirectory();
        Path log = workDirectory.resolve("s3mock.log");
        int port = FreePorts.next();
        Process process;
        try {
            Path launcher = copyLauncherClass(workDirectory.resolve("launcher"));
            List<String> command = List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    // a mock: start fast and leave the CPU to the hub (C1 only, one GC thread)
                    "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                    "-cp", launcher + File.pathSeparator + jar,
                    ExitWithParent.class.getName(), mainClass(jar),
                    "--com.adobe.testing.s3mock.httpPort=" + port,
                    "--server.port=0", // its HTTPS port, unused
                    "--com.adobe.testing.s3mock.store.root=" + workDirectory.resolve("data"),
                    "--com.adobe.testing.s3mock.store.retainFilesOnExit=false",
                    // only its own configuration: not our ./config/application.yaml nor SPRING_* variables
                    "--spring.config.location=classpath:/",
                    "--spring.main.banner-mode=off");
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(workDirectory.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().keySet().removeIf(name -> name.startsWith("SPRING_"));
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not launch S3Mock from " + jar, e);
        }
        LocalS3 s3 = new LocalS3(process, port, workDirectory);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        try {
            await("S3Mock answering on port " + port)
                    .atMost(STARTUP_TIMEOUT)
                    .pollInterval(Duration.ofMillis(100))
                    .failFast("S3Mock exited", () -> !process.isAlive())
                    .until(() -> answers(http, URI.create(s3.endpoint() + "/")));
        } catch (RuntimeException e) {
            IllegalStateException failure = new IllegalStateException("S3Mock did not start; its log:\n" + tail(log), e);
            s3.close();
            throw failure;
        }
        return s3;
    }

    public String endpoint() {
        return "http://localhost:" + port;
    }

    /** A client for tests and set-up: path-style addressing, any credentials. */
    public S3Client client() {
        return S3Client.builder()
                .endpointOverride(URI.create(endpoint()))
                .forcePathStyle(true)
                .httpClientBuilder(ApacheHttpClient.builder())
                .region(Region.of(LocalSqs.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .build();
    }

    /** Creates the buckets that do not exist yet. */
    public void createBuckets(String... names) {
        try (S3Client s3 = client()) {
            for (String name : names) {
                try {
                    s3.createBucket(request -> request.bucket(name));
                } catch (BucketAlreadyOwnedByYouException alreadyThere) {
                    // wanted state
                }
            }
        }
    }

    /** A lifecycle rule expiring the objects under {@code prefix} after {@code days}, as the archive bucket has. */
    public void expireObjects(String bucket, String prefix, int days) {
        try (S3Client s3 = client()) {
            s3.putBucketLifecycleConfiguration(put -> put.bucket(bucket).lifecycleConfiguration(rules -> rules.rules(
                    LifecycleRule.builder().id("retention").status(ExpirationStatus.ENABLED)
                            .filter(filter -> filter.prefix(prefix)).expiration(expiry -> expiry.days(days)).build())));
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        deleteRecursively(workDirectory);
    }

    private static boolean answers(HttpClient http, URI listBucketsUri) {
        HttpRequest listBuckets = HttpRequest.newBuilder(listBucketsUri).timeout(Duration.ofSeconds(2)).build();
        try {
            return http.send(listBuckets, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static Path findJar() {
        String configured = System.getProperty(JAR_PROPERTY);
        if (configured != null) {
            return Path.of(configured).toAbsolutePath();
        }
        return JAR_CANDIDATES.stream()
                .filter(Files::isRegularFile)
                .findFirst()
                .map(Path::toAbsolutePath)
                .orElseThrow(() -> new IllegalStateException("S3Mock exec jar not found in " + JAR_CANDIDATES
                        + "; run `./mvnw -pl hub generate-test-resources` or set -D" + JAR_PROPERTY));
    }

    private static String mainClass(Path jar) throws IOException {
        try (JarFile jarFile = new JarFile(jar.toFile())) {
            return jarFile.getManifest().getMainAttributes().getValue("Main-Class");
        }
    }

    /** Puts only the launcher on the child's classpath, not our test classes and resources. */
    private static Path copyLauncherClass(Path directory) throws IOException {
        String resource = ExitWithParent.class.getName().replace('.', '/') + ".class";
        Path target = directory.resolve(resource);
        Files.createDirectories(target.getParent());
        try (InputStream in = ExitWithParent.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException(resource + " is not on the classpath");
            }
            Files.copy(in, target);
        }
        return directory;
    }

    private static Path createTempDirectory() {
        try {
            return Files.createTempDirectory("s3mock");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    private static void deleteRecursively(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a leftover temp directory is harmless
        }
    }
}
