package io.twitterhelpdesk.e2e.operations;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.twitterhelpdesk.e2e.support.QueueReader.Received;
import io.twitterhelpdesk.sandbox.DirectMessageRef;
import io.twitterhelpdesk.sandbox.TwitterSandbox;
import io.twitterhelpdesk.e2e.support.ComposeFile;
import io.twitterhelpdesk.e2e.support.ConnectorProcess;
import io.twitterhelpdesk.e2e.support.DockerImage;
import io.twitterhelpdesk.e2e.support.FreePorts;
import io.twitterhelpdesk.e2e.support.ManagementCalls;
import io.twitterhelpdesk.e2e.support.PostgresServer;
import io.twitterhelpdesk.e2e.support.QueueReader;
import io.twitterhelpdesk.e2e.support.ReplyApi;
import io.twitterhelpdesk.e2e.support.StandaloneArtemis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The image without a Docker engine: docker/Dockerfile's runtime stage laid out on disk, its ENTRYPOINT run as it
 * is, with the environment docker/compose.yaml gives the connector service, against a real PostgreSQL and a real
 * standalone Artemis standing in for the compose services (their host names mapped to loopback). The test checks
 * that the application reads every variable compose and the image set, that the image's HEALTHCHECK passes, and
 * that the wired connector works.
 */
class DockerImageIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration START = Duration.ofSeconds(180);
    /** What the operator puts in the shell (or an .env file) for compose. */
    private static final Map<String, String> SHELL = Map.of("ARTEMIS_PASSWORD", "s3cret-artemis-pw",
            "POSTGRES_PASSWORD", "s3cret-postgres-pw", "API_KEYS", "s3cret-api-key");
    /** camel-main's start-up summaries: one line per configuration key it used, with where the value came from. */
    private static final Pattern SUMMARY = Pattern.compile("^\\s*\\[(OS Environment Variable|ENV)]\\s+(\\S+) = ");

    @TempDir
    Path root;
    @TempDir
    Path brokerDir;
    private PostgresServer postgres;
    private StandaloneArtemis broker;
    private TwitterSandbox sandbox;
    private ConnectorProcess connector;

    @AfterEach
    void stopAll() throws Exception {
        try {
            if (connector != null) {
                connector.close();
            }
        } finally {
            try {
                if (broker != null) {
                    broker.close();
                }
                if (sandbox != null) {
                    sandbox.close();
                }
            } finally {
                if (postgres != null) {
                    postgres.close();
                }
            }
        }
    }

    @Test
    void theImagesEntrypointReadsEveryVariableComposeSetsAndBecomesHealthy() throws Exception {
        DockerImage image = DockerImage.read();
        Path app = image.layOut(root);
        ComposeFile compose = ComposeFile.read();
        Map<String, String> composed = compose.environment("connector", SHELL);
        Map<String, String> imageEnv = image.env(root);

        // the compose services, for real, on loopback
        postgres = PostgresServer.start();
        String stateUrl = postgres.newDatabase("twitter_helpdesk", composed.get("STATE_USER"),
                composed.get("STATE_PASSWORD"));
        // with the broker properties compose mounts (docker/artemis/broker.properties)
        broker = StandaloneArtemis.create(brokerDir.resolve("artemis"), composed.get("BROKER_USER"),
                composed.get("BROKER_PASSWORD")).withProperties(Path.of("docker", "artemis", "broker.properties"))
                .start();
        sandbox = new TwitterSandbox("127.0.0.1", 0, 0).start();
        sandbox.disableRateLimits();
        String account = composed.get("TWITTER_ACCOUNTS");
        String prefix = "TWITTER_ACCOUNT_" + account.toUpperCase(Locale.ROOT) + "_";
        sandbox.registerAccount(42, composed.get(prefix + "SCREEN_NAME"), "ACME Support",
                composed.get(prefix + "CONSUMER_KEY"), composed.get(prefix + "CONSUMER_SECRET"),
                composed.get(prefix + "ACCESS_TOKEN"), composed.get(prefix + "ACCESS_TOKEN_SECRET"));

        Map<String, String> env = new LinkedHashMap<>(imageEnv);
        env.putAll(composed);
        // what differs on this machine: service host names, published ports (free ones here), loopback binding, the
        // Twitter API (the sandbox), a bounded heap
        env.replaceAll((k, v) -> v.replace("tcp://artemis:61616", broker.url())
                .replace("jdbc:postgresql://postgres:5432/twitter_helpdesk", stateUrl));
        int apiPort = FreePorts.next();
        int managementPort = FreePorts.next();
        env.put("CAMEL_SERVER_PORT", Integer.toString(apiPort));
        env.put("CAMEL_MANAGEMENT_PORT", Integer.toString(managementPort));
        env.put("CAMEL_SERVER_HOST", "127.0.0.1");
        env.put("CAMEL_MANAGEMENT_HOST", "127.0.0.1");
        env.put("TWITTER_API_REST_BASE_URL", sandbox.restBaseUrl());
        env.put("JAVA_OPTS", env.get("JAVA_OPTS") + " -Xmx256m");
        assertThat(compose.otherServices("connector")).containsExactlyInAnyOrder("artemis", "postgres");
        assertThat(env.values()).noneMatch(v -> v.contains("artemis:") || v.contains("postgres:5432"));

        // written before the connector starts: its first DM poll (inbound.initial-delay after start) reads it. One
        // written after the health check would wait for the next poll, compose's dm-poll-delay of 60 s later.
        DirectMessageRef dm = sandbox.injectDirectMessage("alice", "acme_support", "Hello from compose", List.of());
        long started = System.nanoTime();
        connector = ConnectorProcess.start(image.entrypoint(root), app, env, root.resolve("connector.log"));
        List<String> healthcheck = image.healthcheck(root);
        boolean healthy = connector.await(() -> exitsZero(healthcheck, env), START);
        Duration toHealthy = Duration.ofNanos(System.nanoTime() - started);
        assertThat(healthy).as("HEALTHCHECK passes; log: " + connector.log()).isTrue();
        System.out.printf("DockerImageIT: healthy %d ms after the entrypoint started%n", toHealthy.toMillis());

        // wired: a DM reaches the broker's queue, the reply API takes the key compose gave it
        try (QueueReader queue = new QueueReader(broker.url(), composed.get("BROKER_USER"),
                composed.get("BROKER_PASSWORD"))) {
            List<Received> got = queue.receive("twitter.inbound", 1, Duration.ofSeconds(30));
            assertThat(got).as("the DM on twitter.inbound; log: " + connector.log()).hasSize(1);
            assertThat(got.get(0).properties()).containsEntry("_AMQ_DUPL_ID", "dm:" + dm.id());
        }
        ReplyApi replies = new ReplyApi("http://127.0.0.1:" + apiPort, SHELL.get("API_KEYS"));
        assertThat(replies.post("compose-1", "twitter:dm:42:" + dm.senderId(), "Hi Alice", null,
                Duration.ofSeconds(20))).isEqualTo(202);
        assertThat(replies.finalStatus("compose-1", Duration.ofSeconds(20)).path("status").asText())
                .isEqualTo("sent");
        JsonNode health = new ManagementCalls("http://127.0.0.1:" + managementPort).health("").body();
        assertThat(health.path("status").asText()).isEqualTo("UP");

        connector.close();
        List<String> lines = connector.logLines();
        List<String> messages = new ArrayList<>();
        for (String line : lines) {
            JsonNode json = JSON.readTree(line);
            assertThat(json.isObject()).as("LOG_FORMAT=json: one JSON object per line: " + line).isTrue();
            messages.add(json.path("message").asText());
        }
        assertThat(lines).as("secrets never logged").noneMatch(l -> SHELL.values().stream().anyMatch(l::contains)
                || l.contains(composed.get(prefix + "CONSUMER_SECRET"))
                || l.contains(composed.get(prefix + "ACCESS_TOKEN_SECRET")));
        assertThat(messages).anyMatch(m -> m.contains("shutdown"));

        Set<String> read = new TreeSet<>();
        for (String message : messages) {
            Matcher m = SUMMARY.matcher(message);
            if (m.find()) {
                read.add(m.group(2).toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'));
            }
        }
        String entrypoint = image.entrypointText(root);
        String log4j = Files.readString(Path.of("src/main/resources/log4j2.properties"));
        Map<String, String> unread = new HashMap<>();
        for (String variable : composed.keySet()) {
            if (!used(variable, read, entrypoint, log4j)) {
                unread.put(variable, composed.get(variable));
            }
        }
        assertThat(unread).as("variables compose sets that the connector never read (read: " + read + ")")
                .isEmpty();
        // the image's own defaults: read here, or (BROKER_EMBEDDED_HOST, without BROKER_URL) a key of the
        // application's for another set-up
        Set<String> keys = applicationKeys();
        assertThat(imageEnv.keySet()).allSatisfy(variable -> assertThat(used(variable, read, entrypoint, log4j)
                || keys.contains(variable)).as(variable).isTrue());
    }

    private static boolean used(String variable, Set<String> read, String entrypoint, String log4j) {
        return read.contains(variable) || variable.equals("JAVA_OPTS") && entrypoint.contains("${JAVA_OPTS")
                || log4j.contains("${env:" + variable + ":");
    }

    /** The keys of application.properties (set or commented out), as environment variable names. */
    private static Set<String> applicationKeys() throws IOException {
        Set<String> keys = new TreeSet<>();
        Pattern key = Pattern.compile("^#?\\s*([a-z][a-z0-9_.-]*)\\s*=");
        for (String line : Files.readAllLines(Path.of("../core/src/main/resources/application.properties"))) {
            Matcher m = key.matcher(line);
            if (m.find()) {
                keys.add(m.group(1).toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'));
            }
        }
        return keys;
    }

    private static boolean exitsZero(List<String> command, Map<String, String> env) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD);
            builder.environment().putAll(env);
            Process p = builder.start();
            if (!p.waitFor(15, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return false;
            }
            return p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
