package io.paymenthub.devservices;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.util.LinuxUtils;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real PostgreSQL server (Zonky's binaries) on a free port, holding database {@value #DATABASE}
 * owned by a non-superuser login that runs the migrations, and a second login {@value #APP_USERNAME} the hub
 * runs as, with only the grants the migrations give it — as in production (docs/security.md).
 */
public final class LocalPostgres implements AutoCloseable {

    public static final String DATABASE = "payments";
    public static final String USERNAME = "hub";
    public static final String PASSWORD = "hub";
    public static final String APP_USERNAME = "hub_app";
    public static final String APP_PASSWORD = "hub_app";

    /** $1: the JVM's pid, $2: the data directory. pg_ctl daemonizes the server, so nothing else stops it. */
    private static final String STOP_WHEN_JVM_ENDS = """
            while kill -0 "$1" 2>/dev/null; do sleep 1; done
            pid=$(head -n 1 "$2/postmaster.pid" 2>/dev/null) || exit 0
            kill -INT "$pid"
            while kill -0 "$pid" 2>/dev/null; do sleep 1; done
            rm -rf -- "$2"
            """;

    private final EmbeddedPostgres postgres;
    private final Process guard;
    private final Path dataDirectory;
    private List<String> serverCommand;

    private LocalPostgres(EmbeddedPostgres postgres, Process guard, Path dataDirectory) {
        this.postgres = postgres;
        this.guard = guard;
        this.dataDirectory = dataDirectory;
    }

    static LocalPostgres start() {
        EmbeddedPostgres postgres;
        Path dataDirectory;
        try {
            dataDirectory = Files.createTempDirectory("epg");
            // our own shutdown hook stops it, after the applications that use it
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setRegisterShutdownHook(false);
            if (Boolean.getBoolean("devservices.postgres.durable")) {
                // benchmarks measure with fsync on, as in production; tests run faster without
                builder.setServerConfig("fsync", "on")
                        .setServerConfig("synchronous_commit", "on")
                        .setServerConfig("full_page_writes", "on");
            }
            postgres = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL did not start", e);
        }
        Process guard = null;
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            guard = stopWhenJvmEnds(dataDirectory);
            statement.execute("CREATE ROLE " + USERNAME + " LOGIN PASSWORD '" + PASSWORD + "'");
            statement.execute("CREATE DATABASE " + DATABASE + " OWNER " + USERNAME);
            statement.execute("CREATE ROLE " + APP_USERNAME + " LOGIN PASSWORD '" + APP_PASSWORD + "'");
        } catch (SQLException | IOException e) {
            IllegalStateException failure = new IllegalStateException("could not prepare database " + DATABASE, e);
            new LocalPostgres(postgres, guard, dataDirectory).closeInto(failure);
            throw failure;
        }
        return new LocalPostgres(postgres, guard, dataDirectory);
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + port() + "/" + DATABASE;
    }

    /** The owner of the database: runs the migrations. */
    public String username() {
        return USERNAME;
    }

    public String password() {
        return PASSWORD;
    }

    /** The role the hub runs as: select/insert/update on {@code payment}, select/insert on {@code audit_event}. */
    public String appUsername() {
        return APP_USERNAME;
    }

    public String appPassword() {
        return APP_PASSWORD;
    }

    public int port() {
        return postgres.getPort();
    }

    /** Stops the server as an outage would (fast shutdown), keeping its data; {@link #startServer()} brings it back. */
    public synchronized void stopServer() {
        try {
            // postmaster.opts: the binary and the options the server was started with, each quoted
            serverCommand = new ArrayList<>();
            Matcher quoted = Pattern.compile("\"([^\"]*)\"|(\\S+)").matcher(Files.readString(dataDirectory.resolve("postmaster.opts")));
            while (quoted.find()) {
                serverCommand.add(quoted.group(1) != null ? quoted.group(1) : quoted.group(2));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        pgCtl("-D", dataDirectory.toString(), "stop", "-m", "fast", "-w");
    }

    /** Starts the server again on the same port and data after {@link #stopServer()}. */
    public synchronized void startServer() {
        List<String> options = new ArrayList<>();
        for (int i = 1; i < serverCommand.size(); i++) {
            if (serverCommand.get(i).equals("-D")) {
                i++;
            } else {
                options.add(serverCommand.get(i));
            }
        }
        pgCtl("-D", dataDirectory.toString(), "-l", dataDirectory.resolve("restarted.log").toString(),
                "-o", String.join(" ", options), "-w", "start");
    }

    private void pgCtl(String... arguments) {
        List<String> command = new ArrayList<>();
        if (LinuxUtils.isUnshareAvailable()) {
            command.addAll(List.of("unshare", "-U")); // as Zonky does: PostgreSQL refuses to run as root
        }
        command.add(Path.of(serverCommand.get(0)).resolveSibling("pg_ctl").toString());
        command.addAll(List.of(arguments));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("pg_ctl " + String.join(" ", arguments) + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (guard != null) {
                guard.destroy();
            }
        }
    }

    private void closeInto(Exception failure) {
        try {
            close();
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    /** Stops the server if this JVM dies without running its shutdown hooks (kill -9, a killed fork). */
    private static Process stopWhenJvmEnds(Path dataDirectory) throws IOException {
        if (!Files.isExecutable(Path.of("/bin/sh"))) {
            return null;
        }
        return new ProcessBuilder("/bin/sh", "-c", STOP_WHEN_JVM_ENDS, "devservices-postgres-guard",
                String.valueOf(ProcessHandle.current().pid()), dataDirectory.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
    }
}
