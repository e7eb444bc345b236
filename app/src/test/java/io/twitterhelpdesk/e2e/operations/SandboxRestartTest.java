package io.twitterhelpdesk.e2e.operations;

import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.twitterhelpdesk.e2e.support.TestHttp;
import io.twitterhelpdesk.e2e.media.DmMediaTest;
import io.twitterhelpdesk.e2e.support.EnvelopeSchemaCheck;
import io.twitterhelpdesk.e2e.support.FreePorts;
import io.twitterhelpdesk.e2e.support.QueueReader;
import io.twitterhelpdesk.e2e.support.RunningConnector;
import io.twitterhelpdesk.e2e.support.TestAccounts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo mode ({@code sandbox.enabled=true}: the sandbox runs inside the connector) stopped and started twice on
 * one data directory, with DMs injected as a user does with curl ({@code POST /sandbox/dms} on the admin port) by
 * returning and new customers in each run, and one DM per run injected just before the stop, before the connector
 * polled it. Every DM reaches the queue exactly once, from the customer who sent it and in that customer's own
 * conversation; a customer keeps their id across restarts, and DM ids never go backwards.
 */
class SandboxRestartTest {

    private static final String QUEUE = "twitter.inbound";
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;
    private final HttpClient http = TestHttp.client();
    private final Map<String, String> properties = new HashMap<>();
    private RunningConnector connector;
    /** The DMs the admin API accepted, in injection order. */
    private final List<Injected> injected = new ArrayList<>();

    private record Injected(String id, String from, String to, String customerId, String text) {
    }

    @AfterEach
    void stop() {
        if (connector != null) {
            connector.close();
        }
    }

    @Test
    void aDmPhotoInDemoModeOpensThroughItsEnvelopeLinkAlsoAfterARestart() throws Exception {
        demoProperties();
        connector = RunningConnector.start(properties);
        String png = Base64.getEncoder().encodeToString(DmMediaTest.PNG);
        HttpResponse<String> injectedDm = admin("/sandbox/dms", "{\"from\":\"alice\",\"to\":\"acme_support\","
                + "\"text\":\"crushed parcel\",\"media\":[{\"type\":\"photo\",\"contentType\":\"image/png\","
                + "\"data\":\"" + png + "\"}]}");
        assertThat(injectedDm.statusCode()).as(injectedDm.body()).isEqualTo(201);
        String link;
        try (QueueReader queue = queue()) {
            List<QueueReader.Received> got = queue.receive(QUEUE, 1, WAIT);
            assertThat(got).hasSize(1);
            link = JSON.readTree(got.get(0).body()).at("/media/0/url").asText();
        }
        assertThat(link).startsWith("http://127.0.0.1:" + properties.get("camel.server.port") + "/api/v1/media/");
        assertThat(fetch(link)).isEqualTo(DmMediaTest.PNG);

        // the sandbox keeps the file, the connector fetches it again once its cache is gone
        connector.close();
        org.apache.camel.util.FileUtil.removeDir(dataDir.resolve("media-cache").toFile());
        connector = RunningConnector.start(properties);
        assertThat(fetch(link)).isEqualTo(DmMediaTest.PNG);
    }

    private byte[] fetch(String link) throws Exception {
        HttpResponse<byte[]> answer = http.send(HttpRequest.newBuilder(URI.create(link)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(answer.statusCode()).as(new String(answer.body(), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo(200);
        return answer.body();
    }

    private HttpResponse<String> admin(String path, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + properties.get("sandbox.admin-port")
                + path)).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The connector in its demo mode (the built-in sandbox, persisted in the data directory), on free ports. */
    private void demoProperties() {
        properties.putAll(TestAccounts.properties());
        properties.put("sandbox.enabled", "true");
        properties.put("sandbox.api-port", Integer.toString(FreePorts.next()));
        properties.put("sandbox.admin-port", Integer.toString(FreePorts.next()));
        properties.put("sandbox.rate-limits-enabled", "false");
        properties.put("connector.data-dir", dataDir.toString());
        properties.put("broker.embedded.port", Integer.toString(FreePorts.next()));
        properties.put("camel.server.port", Integer.toString(FreePorts.next()));
        properties.put("camel.management.port", Integer.toString(FreePorts.next()));
        properties.put("inbound.dm.poll-delay", "100");
        properties.put("inbound.mention.poll-delay", "100");
        properties.put("inbound.initial-delay", "100");
    }

    @Test
    void restartedTwiceOnOneDataDirectoryDeliversEveryDmOnceFromTheRightCustomer() throws Exception {
        demoProperties();
        Map<String, JsonNode> delivered = new LinkedHashMap<>();
        Map<String, Integer> deliveries = new HashMap<>();

        connector = RunningConnector.start(properties);
        inject("alice", "acme_support", "run 1: my order is late");
        inject("bob", "acme_support", "run 1: wrong size");
        inject("carol", "acme_sales", "run 1: a quote please");
        receive(3, delivered, deliveries);
        inject("alice", "acme_support", "run 1: sent just before the stop");
        connector.close();

        connector = RunningConnector.start(properties);
        inject("dave", "acme_support", "run 2: first time here");
        inject("bob", "acme_support", "run 2: still the wrong size");
        inject("erin", "acme_sales", "run 2: bulk order");
        receive(4, delivered, deliveries);
        inject("frank", "acme_support", "run 2: sent just before the stop");
        connector.close();

        connector = RunningConnector.start(properties);
        inject("grace", "acme_support", "run 3: hello");
        inject("carol", "acme_sales", "run 3: about that quote");
        inject("dave", "acme_support", "run 3: any news?");
        receive(4, delivered, deliveries);
        try (QueueReader queue = queue()) {
            queue.drain(QUEUE, Duration.ofSeconds(2)).forEach(r -> count(r, delivered, deliveries));
        }

        assertThat(Files.exists(dataDir.resolve("sandbox").resolve("store.jsonl")))
                .as("the sandbox keeps its data under the data directory").isTrue();
        assertThat(deliveries.keySet()).as("every injected DM, nothing else")
                .containsExactlyInAnyOrderElementsOf(injected.stream().map(i -> "dm:" + i.id()).toList());
        assertThat(deliveries).as("each once").allSatisfy((id, n) -> assertThat(n).as(id).isOne());
        for (Injected dm : injected) {
            JsonNode envelope = delivered.get("dm:" + dm.id());
            assertThat(envelope.path("customer").path("screenName").asText()).as(dm.text()).isEqualTo(dm.from());
            assertThat(envelope.path("customer").path("id").asText()).as(dm.text()).isEqualTo(dm.customerId());
            assertThat(envelope.path("account").path("screenName").asText()).as(dm.text()).isEqualTo(dm.to());
            assertThat(envelope.path("text").asText()).isEqualTo(dm.text());
        }
        Map<String, String> idsByCustomer = new HashMap<>();
        injected.forEach(dm -> assertThat(idsByCustomer.merge(dm.from(), dm.customerId(), (a, b) -> a))
                .as("@" + dm.from() + " keeps their id across restarts").isEqualTo(dm.customerId()));
        assertThat(idsByCustomer.values()).as("no id given to two customers").doesNotHaveDuplicates();
        Map<String, String> idsByAccount = new HashMap<>();
        injected.forEach(dm -> {
            String accountId = delivered.get("dm:" + dm.id()).path("account").path("id").asText();
            assertThat(idsByAccount.merge(dm.to(), accountId, (a, b) -> a)).as("@" + dm.to() + " keeps its id")
                    .isEqualTo(accountId);
        });
        for (int i = 1; i < injected.size(); i++) {
            assertThat(new BigInteger(injected.get(i).id())).as("DM ids never go backwards: " + injected.get(i).text())
                    .isGreaterThan(new BigInteger(injected.get(i - 1).id()));
        }
        // each customer's DMs in one conversation of their own, opened by their first DM
        Map<String, List<JsonNode>> byKey = new HashMap<>();
        injected.forEach(dm -> byKey.computeIfAbsent(dm.to() + "/" + dm.from(), k -> new ArrayList<>())
                .add(delivered.get("dm:" + dm.id())));
        assertThat(byKey.values().stream().map(l -> l.get(0).path("conversationKey").asText()))
                .doesNotHaveDuplicates();
        byKey.forEach((who, envelopes) -> {
            assertThat(envelopes.get(0).path("newConversation").asBoolean()).as(who + " opens a conversation").isTrue();
            assertThat(envelopes).extracting(e -> e.path("conversationId").asText()).as(who)
                    .containsOnly(envelopes.get(0).path("conversationId").asText());
            assertThat(envelopes.subList(1, envelopes.size())).extracting(e -> e.path("newConversation").asBoolean())
                    .as(who).doesNotContain(true);
        });
    }

    /** A DM as a user sends one with curl; remembers the id and sender id the admin API answered. */
    private void inject(String from, String to, String text) throws Exception {
        String body = JSON.createObjectNode().put("from", from).put("to", to).put("text", text).toString();
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + properties.get("sandbox.admin-port") + "/sandbox/dms"))
                        .header("Content-Type", "application/json").timeout(Duration.ofSeconds(10))
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        JsonNode answer = JSON.readTree(response.body());
        injected.add(new Injected(answer.path("id").asText(), from, to, answer.path("sender_id").asText(), text));
    }

    /** Waits (bounded) for {@code count} more envelopes on the queue of the running connector. */
    private void receive(int count, Map<String, JsonNode> delivered, Map<String, Integer> deliveries)
            throws Exception {
        int before = deliveries.values().stream().mapToInt(Integer::intValue).sum();
        try (QueueReader queue = queue()) {
            queue.receive(QUEUE, count, WAIT).forEach(r -> count(r, delivered, deliveries));
        }
        int after = deliveries.values().stream().mapToInt(Integer::intValue).sum();
        assertThat(after - before).as("envelopes received; so far " + deliveries.keySet() + ", injected "
                + injected).isEqualTo(count);
    }

    private static void count(QueueReader.Received received, Map<String, JsonNode> delivered,
                              Map<String, Integer> deliveries) {
        assertThat(EnvelopeSchemaCheck.errors(received.body())).isEmpty();
        JsonNode envelope = EnvelopeSchemaCheck.parse(received.body());
        String id = envelope.path("id").asText();
        delivered.putIfAbsent(id, envelope);
        deliveries.merge(id, 1, Integer::sum);
    }

    private QueueReader queue() throws Exception {
        return new QueueReader("tcp://127.0.0.1:" + properties.get("broker.embedded.port"));
    }
}
