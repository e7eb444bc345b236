package io.twitterhelpdesk.e2e.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The example helpdesks of {@code examples/} run as a helpdesk runs them: their own processes and protocol clients,
 * no Java. {@code examples/helpdesk-node} speaks AMQP 1.0 (rhea) and MQTT (mqtt.js), its packages installed from
 * its package-lock.json by {@code npm ci} on first use; {@code examples/helpdesk-python} speaks STOMP (stomp.py:
 * {@code pip install stomp.py}, or Debian's python3-stomp, which {@code .ci/run} installs).
 */
public final class HelpdeskScripts {

    private static final Path NODE = Path.of("..", "examples", "helpdesk-node").toAbsolutePath();
    private static final Path PYTHON = Path.of("..", "examples", "helpdesk-python").toAbsolutePath();
    private static final Path OUTPUT = Path.of("target", "helpdesk-scripts").toAbsolutePath();
    private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(5);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static String python;
    private static final AtomicInteger RUNS = new AtomicInteger();

    /** What a script printed: one JSON object per line on standard output. */
    public record Output(int exitCode, List<JsonNode> lines, String errors) {
    }

    private HelpdeskScripts() {
    }

    /** {@code node <script> <args>} with BROKER_URL set, {@code input} on standard input (null: none). */
    public static Output node(String script, String brokerUrl, String input, Duration timeout, String... args)
            throws Exception {
        return node(script, Map.of("BROKER_URL", brokerUrl), input, timeout, args);
    }

    /** The same with these environment variables (BROKER_URL, REPLY_QUEUE...). */
    public static Output node(String script, Map<String, String> env, String input, Duration timeout, String... args)
            throws Exception {
        installNodePackages();
        List<String> command = new ArrayList<>(List.of("node", script));
        command.addAll(List.of(args));
        return run(NODE, command, env, input, timeout);
    }

    /** {@code python3 <script> <args>} (a Python that has stomp.py) with BROKER_URL set. */
    public static Output python(String script, String brokerUrl, String input, Duration timeout, String... args)
            throws Exception {
        return python(script, Map.of("BROKER_URL", brokerUrl), input, timeout, args);
    }

    /** The same with these environment variables (BROKER_URL, REPLY_QUEUE...). */
    public static Output python(String script, Map<String, String> env, String input, Duration timeout, String... args)
            throws Exception {
        List<String> command = new ArrayList<>(List.of(pythonWithStomp(), script));
        command.addAll(List.of(args));
        return run(PYTHON, command, env, input, timeout);
    }

    private static Output run(Path dir, List<String> command, Map<String, String> env, String input,
            Duration timeout) throws Exception {
        Files.createDirectories(OUTPUT);
        int run = RUNS.incrementAndGet();
        Path out = OUTPUT.resolve(run + ".out");
        Path err = OUTPUT.resolve(run + ".err");
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().putAll(env);
        builder.environment().put("INBOX_IDLE_SECONDS", Long.toString(timeout.toSeconds()));
        builder.environment().put("PYTHONIOENCODING", "utf-8");
        Process process = builder.start();
        if (input != null) {
            process.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
        }
        process.getOutputStream().close();
        int exit;
        if (process.waitFor(timeout.toMillis() + 10_000, TimeUnit.MILLISECONDS)) {
            exit = process.exitValue();
        } else {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            exit = -1;
        }
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(out, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                lines.add(JSON.readTree(line));
            }
        }
        return new Output(exit, lines, Files.readString(err, StandardCharsets.UTF_8));
    }

    private static synchronized void installNodePackages() throws Exception {
        if (Files.isDirectory(NODE.resolve("node_modules").resolve("rhea"))
                && Files.isDirectory(NODE.resolve("node_modules").resolve("mqtt"))) {
            return;
        }
        Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(NODE.toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.INHERIT).start();
        if (!npm.waitFor(INSTALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            npm.destroyForcibly();
            throw new IllegalStateException("npm ci in " + NODE + " took longer than " + INSTALL_TIMEOUT);
        }
        if (npm.exitValue() != 0) {
            throw new IllegalStateException("npm ci in " + NODE + " failed (exit " + npm.exitValue() + ")");
        }
    }

    private static synchronized String pythonWithStomp() throws Exception {
        if (python == null) {
            for (String candidate : List.of("python3", "/usr/bin/python3")) {
                if (imports(candidate)) {
                    python = candidate;
                    break;
                }
            }
            if (python == null) {
                throw new IllegalStateException("no python3 with stomp.py: pip install stomp.py, or apt-get install "
                        + "python3-stomp (.ci/run does)");
            }
        }
        return python;
    }

    private static boolean imports(String interpreter) throws InterruptedException {
        try {
            Process p = new ProcessBuilder(interpreter, "-c", "import stomp").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return false;
            }
            return p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        }
    }
}
