package io.twitterhelpdesk.e2e.support;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged connector as a process of its own, started the way the image starts it (its ENTRYPOINT, in the laid
 * out image's WORKDIR) with a given environment and nothing else from the test's. Output goes to a log file.
 */
public final class ConnectorProcess implements AutoCloseable {

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final Process process;
    private final Path log;
    private final Map<String, String> env;

    private ConnectorProcess(Process process, Path log, Map<String, String> env) {
        this.process = process;
        this.log = log;
        this.env = env;
    }

    /** Runs {@code command} in {@code workdir} with exactly {@code env} (plus PATH to this JVM's java, HOME, LANG). */
    public static ConnectorProcess start(List<String> command, Path workdir, Map<String, String> env, Path log)
            throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(workdir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Map<String, String> environment = builder.environment();
        environment.clear();
        environment.put("PATH", Path.of(System.getProperty("java.home"), "bin") + File.pathSeparator
                + System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        environment.put("HOME", workdir.toString());
        environment.put("LANG", "C.UTF-8");
        environment.putAll(env);
        return new ConnectorProcess(builder.start(), log, Map.copyOf(env));
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    Map<String, String> env() {
        return env;
    }

    /** Everything the process wrote so far. */
    public List<String> logLines() throws IOException {
        return Files.readAllLines(log, StandardCharsets.UTF_8);
    }

    public Path log() {
        return log;
    }

    /** Polls {@code check} until it succeeds (true) or the process dies or the timeout passes (false). */
    public boolean await(java.util.function.BooleanSupplier check, Duration timeout) throws InterruptedException {
        long until = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < until) {
            if (check.getAsBoolean()) {
                return true;
            }
            if (!process.isAlive()) {
                return false;
            }
            Thread.sleep(200);
        }
        return check.getAsBoolean();
    }

    /** SIGKILL: no shutdown hook, no lease released, in-flight work cut where it is. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    /** SIGTERM (a graceful stop, as {@code docker stop}), then SIGKILL if it has not ended in time. */
    @Override
    public void close() throws InterruptedException {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            kill();
        }
    }

    int exitValue() {
        return process.exitValue();
    }
}
