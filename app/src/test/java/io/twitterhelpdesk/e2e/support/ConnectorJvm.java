package io.twitterhelpdesk.e2e.support;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The connector as its own JVM (the test's classpath, {@code ConnectorMain}, the project directory as working
 * directory so it reads {@code routes/}), configured by {@code -D} properties, its output in a log file. Tests
 * kill it with SIGKILL ({@link #kill}) to prove what survives a crash.
 */
public final class ConnectorJvm implements AutoCloseable {

    private final Process process;
    private final Path log;

    private ConnectorJvm(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts it and waits until Camel reports started; fails with the log's tail if it does not within 60 s. */
    public static ConnectorJvm start(Map<String, String> properties, Path log) throws IOException, InterruptedException {
        Process process = launch(properties, log);
        ConnectorJvm started = new ConnectorJvm(process, log);
        long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < until) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the connector exited with " + process.exitValue() + ":\n"
                        + started.tail());
            }
            if (Files.exists(log) && Files.readString(log).contains(") started in ")) {
                return started;
            }
            Thread.sleep(100);
        }
        started.kill();
        throw new IllegalStateException("the connector did not start within 60 s:\n" + started.tail());
    }

    /** Runs it until it exits by itself (a refused start): its exit code; killed and -1 after {@code timeout}. */
    public static int runUntilExit(Map<String, String> properties, Path log, Duration timeout)
            throws IOException, InterruptedException {
        Process process = launch(properties, log);
        if (!process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            process.waitFor();
            return -1;
        }
        return process.exitValue();
    }

    private static Process launch(Map<String, String> properties, Path log) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx512m");
        command.add("-Duser.timezone=UTC");
        properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("io.twitterhelpdesk.app.ConnectorMain");
        Files.deleteIfExists(log);
        return new ProcessBuilder(command).directory(new File(System.getProperty("user.dir")))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** SIGKILL: no shutdown hook, no graceful stop, as a crash or an OOM kill. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** The last 60 lines of its log, for failure messages. */
    public String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    String logText() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                kill();
            }
        }
    }
}
