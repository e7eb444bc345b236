package io.twitterhelpdesk.e2e.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real standalone ActiveMQ Artemis broker from the distribution Maven unpacks into {@code target/artemis-dist}
 * (execution {@code unpack-standalone-artemis} of the pom): an instance created with {@code artemis create} that
 * requires login and listens on 127.0.0.1 only, run as a child process. Its journal stays between stop and start.
 */
public final class StandaloneArtemis implements AutoCloseable {

    private static final Path DISTRIBUTIONS = Path.of("target", "artemis-dist");
    private static final Path LOGS = Path.of("target", "standalone-artemis");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final Path instance;
    private final int port;
    private final Path log;
    private Path properties;
    private Process process;

    private StandaloneArtemis(Path instance, int port, Path log) {
        this.instance = instance;
        this.port = port;
        this.log = log;
    }

    /** Creates a broker instance in {@code instance} (not started) with one user allowed everything. */
    public static StandaloneArtemis create(Path instance, String user, String password) throws Exception {
        int port = FreePorts.next();
        Files.createDirectories(LOGS);
        Path log = LOGS.resolve("broker-" + port + ".log").toAbsolutePath();
        Path artemis = distribution().resolve("bin").resolve("artemis");
        run(List.of(artemis.toString(), "create", instance.toAbsolutePath().toString(),
                "--user", user, "--password", password, "--require-login",
                "--host", "127.0.0.1", "--default-port", Integer.toString(port),
                "--http-host", "127.0.0.1", "--http-port", Integer.toString(FreePorts.next()), "--no-web",
                "--silent", "--no-autotune", "--nio", "--java-memory", "512M",
                "--no-amqp-acceptor", "--no-mqtt-acceptor", "--no-stomp-acceptor", "--no-hornetq-acceptor"), log);
        return new StandaloneArtemis(instance.toAbsolutePath(), port, log);
    }

    /** The URL a core/JMS client uses to reach this broker. */
    public String url() {
        return "tcp://127.0.0.1:" + port;
    }

    /** Runs with this broker properties file applied over its broker.xml ({@code artemis run --properties}). */
    public StandaloneArtemis withProperties(Path file) {
        properties = file.toAbsolutePath();
        return this;
    }

    /** Starts {@code artemis run} and waits until the acceptor takes connections. */
    public StandaloneArtemis start() throws Exception {
        if (process != null) {
            throw new IllegalStateException("already running");
        }
        List<String> command = new ArrayList<>(List.of(instance.resolve("bin").resolve("artemis").toString(),
                "run"));
        if (properties != null) {
            command.addAll(List.of("--properties", properties.toString()));
        }
        process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!accepts(port)) {
            if (!process.isAlive()) {
                process = null;
                throw new IllegalStateException("broker exited while starting, see " + log);
            }
            if (System.nanoTime() > deadline) {
                stop();
                throw new IllegalStateException("broker not listening on " + url() + " within " + START_TIMEOUT
                        + ", see " + log);
            }
            Thread.sleep(100);
        }
        return this;
    }

    /** Stops with {@code artemis stop}; destroys the process if it is still alive after a bounded wait. */
    public void stop() throws Exception {
        if (process == null) {
            return;
        }
        try {
            run(List.of(instance.resolve("bin").resolve("artemis").toString(), "stop"), log);
            if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroy();
            }
        } finally {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            process = null;
        }
    }

    @Override
    public void close() throws Exception {
        stop();
    }

    /** Whether something accepts TCP connections on 127.0.0.1:{@code port}. */
    public static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static Path distribution() throws IOException {
        try (Stream<Path> dirs = Files.exists(DISTRIBUTIONS) ? Files.list(DISTRIBUTIONS) : Stream.empty()) {
            return dirs.filter(d -> d.getFileName().toString().startsWith("apache-artemis-")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no Artemis distribution under "
                            + DISTRIBUTIONS.toAbsolutePath() + "; run mvn process-test-resources (not offline)"))
                    .toAbsolutePath();
        }
    }

    /** Runs a short artemis command to completion, its output appended to {@code log}. */
    private static void run(List<String> command, Path log) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        if (!p.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("timed out: " + command);
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException("exit " + p.exitValue() + ": " + command + ", see " + log);
        }
    }
}
