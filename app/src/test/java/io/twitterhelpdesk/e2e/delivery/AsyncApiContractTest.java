package io.twitterhelpdesk.e2e.delivery;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.twitterhelpdesk.e2e.support.TestHttp;
import io.twitterhelpdesk.e2e.support.QueueReader.Received;
import io.twitterhelpdesk.sandbox.DirectMessageRef;
import io.twitterhelpdesk.sandbox.TwitterSandbox;
import io.twitterhelpdesk.e2e.support.ConnectorHarness;
import io.twitterhelpdesk.e2e.support.QueueReader;
import io.twitterhelpdesk.e2e.support.ReplyApi;
import io.twitterhelpdesk.e2e.support.TestClock;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The AsyncAPI document a helpdesk team downloads from the running connector (GET /api/v1/asyncapi.yaml), checked
 * against what the connector really puts on its queues in an end-to-end run (sandbox, real twitter4j, embedded
 * Artemis): every message on a queue the document describes is validated against its message's payload schema
 * (fetched from the connector as the document's relative $ref says) and its JMS properties against the message's
 * headers schema.
 */
class AsyncApiContractTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;
    private final TestClock clock = new TestClock();
    private final HttpClient http = TestHttp.client();
    private ConnectorHarness harness;
    private TwitterSandbox sandbox;
    private QueueReader jms;

    @BeforeEach
    void configure() {
        harness = new ConnectorHarness(dataDir);
        harness.properties.put("twitter.account.acme_support.dm-silence-alert", "1h");
        harness.properties.put("twitter.account.acme_support.mention-inbox", "social");
        harness.properties.put("inbound.silence-check-interval", "200");
        sandbox = harness.sandbox;
    }

    private void start() throws Exception {
        harness.start(Map.of("clock", clock));
        jms = harness.jms();
    }

    @AfterEach
    void stop() throws Exception {
        harness.close();
    }

    @Test
    void everyMessageOnTheDocumentedQueuesMatchesItsPayloadSchemaAndHeaders() throws Exception {
        start();
        JsonNode asyncApi = served("/api/v1/asyncapi.yaml", "application/yaml");
        assertThat(asyncApi.path("asyncapi").asText()).startsWith("3.");

        DirectMessageRef dm = sandbox.injectDirectMessage("alice", "acme_support", "Where is my order?", List.of());
        sandbox.injectMention("bob", "@acme_support my parcel never came", null, List.of());
        List<Received> envelopes = jms.receive(address(asyncApi, "inboundEnvelopes"), 2, WAIT);
        assertThat(envelopes).hasSize(2);

        String key = "twitter:dm:42:" + dm.senderId();
        jms.send(address(asyncApi, "replyRequests"),
                "{\"replyId\":\"contract-1\",\"conversationKey\":\"" + key + "\",\"text\":\"On its way\"}");
        jms.send(address(asyncApi, "replyRequests"),
                "{\"replyId\":\"contract-2\",\"conversationKey\":\"twitter:dm:42:999\",\"text\":\"Hello\"}");
        jms.send(address(asyncApi, "replyRequests"), "{\"replyId\":\"contract-3\",\"text\":\"no key\"}");
        List<Received> statuses = jms.receive(address(asyncApi, "replyStatus"), 3, WAIT);
        assertThat(statuses).hasSize(3);
        assertThat(statuses).extracting(s -> s.properties().get("ReplyStatus")).contains("sent", "rejected");

        // the documented command queue is the one the connector consumes: the close it takes makes a second close
        // (REST) find the conversation already closed
        NotifyBuilder commandTaken = new NotifyBuilder(harness.connector().context())
                .fromRoute("conversation-commands").whenDone(1).create();
        jms.send(address(asyncApi, "conversationCommands"),
                "{\"command\":\"close\",\"conversationKey\":\"" + key + "\"}");
        assertThat(commandTaken.matches(20, TimeUnit.SECONDS)).isTrue();
        HttpResponse<String> closeAgain = http.send(HttpRequest.newBuilder(
                        URI.create(harness.apiBaseUrl() + "/api/v1/conversations/" + key + "/close"))
                .header("X-API-Key", ReplyApi.API_KEY).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(JSON.readTree(closeAgain.body()).path("alreadyClosed").asBoolean()).isTrue();

        clock.advance(Duration.ofHours(2));
        List<Received> alerts = jms.receive(address(asyncApi, "alerts"), 1, WAIT);
        assertThat(alerts).hasSize(1);

        Map<String, List<Received>> byChannel = Map.of("inboundEnvelopes", envelopes, "replyStatus", statuses,
                "alerts", alerts);
        Map<String, JsonSchema> schemas = new HashMap<>();
        for (Map.Entry<String, List<Received>> channel : byChannel.entrySet()) {
            JsonNode message = onlyMessage(asyncApi, channel.getKey());
            JsonSchema payload = schemas.computeIfAbsent(message.path("payload").path("schema").path("$ref").asText(),
                    this::servedSchema);
            JsonSchema headers = schema(message.path("headers"));
            for (Received received : channel.getValue()) {
                assertThat(payload.validate(JSON.readTree(received.body())))
                        .as("%s payload %s", channel.getKey(), received.body()).isEmpty();
                assertThat(headers.validate(JSON.valueToTree(stringProperties(received))))
                        .as("%s headers %s", channel.getKey(), received.properties()).isEmpty();
            }
        }

        // the reply request schema describes what the connector accepts: the requests above, valid or not
        JsonSchema request = servedSchema(onlyMessage(asyncApi, "replyRequests").path("payload").path("schema")
                .path("$ref").asText());
        assertThat(request.validate(JSON.readTree("{\"replyId\":\"contract-1\",\"conversationKey\":\"" + key
                + "\",\"text\":\"On its way\"}"))).isEmpty();
        Set<ValidationMessage> missingKey = request.validate(
                JSON.readTree("{\"replyId\":\"contract-3\",\"text\":\"x\"}"));
        assertThat(missingKey).isNotEmpty();
        assertThat(envelopes).extracting(e -> e.properties().get("Inbox"))
                .containsExactlyInAnyOrder("support", "social");
    }

    @Test
    void withAQueuePerInboxEachEnvelopeIsOnItsInboxsQueueAsTheDocumentNamesIt() throws Exception {
        harness.properties.put("inbound.queue", "helpdesk.inbox.${header.Inbox}");
        start();
        JsonNode asyncApi = served("/api/v1/asyncapi.yaml", "application/yaml");
        String address = address(asyncApi, "inboundEnvelopesByInbox");
        assertThat(asyncApi.path("channels").path("inboundEnvelopesByInbox").path("parameters").has("inbox")).isTrue();

        sandbox.injectDirectMessage("alice", "acme_support", "Where is my order?", List.of());
        sandbox.injectMention("bob", "@acme_support my parcel never came", null, List.of());

        JsonNode message = onlyMessage(asyncApi, "inboundEnvelopesByInbox");
        JsonSchema payload = servedSchema(message.path("payload").path("schema").path("$ref").asText());
        JsonSchema headers = schema(message.path("headers"));
        for (String inbox : List.of("support", "social")) {
            List<Received> got = jms.receive(address.replace("{inbox}", inbox), 1, WAIT);
            assertThat(got).as("queue of inbox %s", inbox).hasSize(1);
            assertThat(payload.validate(JSON.readTree(got.get(0).body()))).isEmpty();
            assertThat(headers.validate(JSON.valueToTree(stringProperties(got.get(0))))).isEmpty();
            assertThat(got.get(0).properties()).containsEntry("Inbox", inbox);
        }
    }

    @Test
    void unknownContractDocumentIsNotFound() throws Exception {
        start();
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(
                URI.create(harness.apiBaseUrl() + "/api/v1/schema/..%2Fapplication.properties")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(404);
        assertThat(answer.body()).doesNotContain("consumer-secret");
    }

    /** The channel's queue name. */
    private static String address(JsonNode asyncApi, String channel) {
        String address = asyncApi.path("channels").path(channel).path("address").asText();
        assertThat(address).as("address of channel %s", channel).isNotEmpty();
        return address;
    }

    /** The channel's one message, its local $ref followed. */
    private static JsonNode onlyMessage(JsonNode asyncApi, String channel) {
        Iterator<JsonNode> messages = asyncApi.path("channels").path(channel).path("messages").elements();
        assertThat(messages.hasNext()).as("messages of %s", channel).isTrue();
        JsonNode message = messages.next();
        String ref = message.path("$ref").asText();
        if (!ref.isEmpty()) {
            assertThat(ref).startsWith("#/");
            message = asyncApi.at(ref.substring(1));
        }
        assertThat(message.path("payload").path("schemaFormat").asText()).startsWith("application/schema+json");
        return message;
    }

    /** A payload schema, fetched from the connector relative to the document's URL, as an AsyncAPI tool would. */
    private JsonSchema servedSchema(String relativeRef) {
        try {
            return schema(served("/api/v1/" + relativeRef, "application/schema+json"));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonSchema schema(JsonNode schema) {
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(schema, config);
    }

    /** GETs a document without an API key and reads it (YAML or JSON). */
    private JsonNode served(String path, String contentType) throws Exception {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(harness.apiBaseUrl() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as("GET %s", path).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type").orElse("")).startsWith(contentType);
        Object yaml = new Load(LoadSettings.builder().build()).loadFromString(answer.body());
        return JSON.valueToTree(yaml);
    }

    /** The JMS properties as strings, as a consumer sees them. */
    private static Map<String, Object> stringProperties(Received received) {
        Map<String, Object> out = new HashMap<>();
        received.properties().forEach((k, v) -> out.put(k, v == null ? null : v.toString()));
        return out;
    }

}
