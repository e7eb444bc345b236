package io.twitterhelpdesk.envelope;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static io.twitterhelpdesk.envelope.EnvelopeFixtures.ACME;
import static io.twitterhelpdesk.envelope.EnvelopeFixtures.ALICE;
import static io.twitterhelpdesk.envelope.EnvelopeFixtures.RECEIVED;
import static org.assertj.core.api.Assertions.assertThat;

/** The schema shipped in the jar accepts every envelope the mapper produces and rejects broken ones. */
class EnvelopeSchemaTest {

    static final String SCHEMA_RESOURCE = "schema/twitter-helpdesk-envelope-v1.schema.json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static JsonNode schemaNode;
    private static JsonSchema schema;

    @BeforeAll
    static void loadSchemaFromTheClasspath() throws Exception {
        try (InputStream in = EnvelopeSchemaTest.class.getClassLoader().getResourceAsStream(SCHEMA_RESOURCE)) {
            assertThat(in).as(SCHEMA_RESOURCE + " on the classpath").isNotNull();
            schemaNode = JSON.readTree(in);
        }
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
        schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(schemaNode, config);
    }

    private static Set<ValidationMessage> validate(JsonNode envelope) {
        return schema.validate(envelope);
    }

    static Stream<Arguments> producedEnvelopes() {
        return Stream.of(
                Arguments.of("DM with link and photo", EnvelopeFixtures.dmEnvelope()),
                Arguments.of("text-only DM", EnvelopeMapper.fromDirectMessage(
                        EnvelopeFixtures.dm(EnvelopeFixtures.DM_TEXT_ONLY), ACME, ALICE, "support", "webhook",
                        RECEIVED).inConversation("twitter:dm:42:7@dm:1100000000000000001", false)),
                Arguments.of("mention with video", EnvelopeFixtures.mentionEnvelope()),
                Arguments.of("mention starting a thread, customer without name", EnvelopeMapper.fromMention(
                        EnvelopeFixtures.status(EnvelopeFixtures.MENTION_STARTING_THREAD), ACME, null, "social",
                        "poll", RECEIVED).inConversation("twitter:thread:1200000000000000010@tweet:1200000000000000010",
                        true)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("producedEnvelopes")
    void everyProducedEnvelopeIsValid(String name, Envelope envelope) throws Exception {
        assertThat(validate(JSON.readTree(EnvelopeJson.toJson(envelope)))).isEmpty();
    }

    static Stream<Arguments> brokenEnvelopes() {
        return Stream.of(
                Arguments.of("missing customer", "customer",
                        (Consumer<ObjectNode>) e -> e.remove("customer")),
                Arguments.of("kind mention with the DM tag", "tags",
                        (Consumer<ObjectNode>) e -> e.put("kind", "mention")),
                Arguments.of("numeric customer id", "/customer/id",
                        (Consumer<ObjectNode>) e -> ((ObjectNode) e.get("customer")).put("id", 7)),
                Arguments.of("numeric envelope id", "/id:",
                        (Consumer<ObjectNode>) e -> e.put("id", 1100000000000000002L)),
                Arguments.of("thread key on a DM", "conversationKey",
                        (Consumer<ObjectNode>) e -> e.put("conversationKey", "twitter:thread:1")),
                Arguments.of("thread conversation id on a DM", "conversationId",
                        (Consumer<ObjectNode>) e -> e.put("conversationId", "twitter:thread:1@tweet:1")),
                Arguments.of("conversation id without its opening message", "conversationId",
                        (Consumer<ObjectNode>) e -> e.put("conversationId", "twitter:dm:42:7")),
                Arguments.of("newConversation as a string", "newConversation",
                        (Consumer<ObjectNode>) e -> e.put("newConversation", "true")),
                Arguments.of("tweet link on a DM", "tweetUrl",
                        (Consumer<ObjectNode>) e -> e.put("tweetUrl", "https://twitter.com/alice/status/1")),
                Arguments.of("unknown source", "source",
                        (Consumer<ObjectNode>) e -> e.put("source", "push")),
                Arguments.of("unknown field", "extra",
                        (Consumer<ObjectNode>) e -> e.put("extra", true)),
                Arguments.of("local time without zone", "createdAt",
                        (Consumer<ObjectNode>) e -> e.put("createdAt", "2026-11-22T01:02:03")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenEnvelopes")
    void brokenEnvelopeIsRejected(String name, String blamed, Consumer<ObjectNode> breakIt) throws Exception {
        ObjectNode envelope = (ObjectNode) JSON.readTree(EnvelopeJson.toJson(EnvelopeFixtures.dmEnvelope()));
        breakIt.accept(envelope);

        Set<ValidationMessage> errors = validate(envelope);

        assertThat(errors).isNotEmpty();
        assertThat(errors).extracting(ValidationMessage::getMessage).anyMatch(m -> m.contains(blamed));
    }

    @Test
    void anEnvelopeWrittenBeforeConversationIdsIsStillValid() throws Exception {
        ObjectNode old = (ObjectNode) JSON.readTree(EnvelopeJson.toJson(EnvelopeFixtures.dmEnvelope()));
        old.remove("conversationId");
        old.remove("newConversation");

        assertThat(validate(old)).isEmpty();
    }

    @Test
    void mentionWithDirectKeyIsRejected() throws Exception {
        ObjectNode mention = (ObjectNode) JSON.readTree(EnvelopeJson.toJson(EnvelopeFixtures.mentionEnvelope()));
        mention.put("conversationKey", "twitter:dm:42:7");

        assertThat(validate(mention)).extracting(ValidationMessage::getMessage)
                .anyMatch(m -> m.contains("conversationKey"));
    }

    @Test
    void schemaIsIdentifiedAndEveryPropertyDocumented() {
        assertThat(schemaNode.path("$id").asText())
                .isEqualTo("https://twitter-helpdesk.example/schema/twitter-helpdesk-envelope-v1.schema.json");
        assertThat(schemaNode.path("$schema").asText()).isEqualTo("https://json-schema.org/draft/2020-12/schema");

        List<String> undocumented = new ArrayList<>();
        collectUndocumented("$", schemaNode, undocumented);
        assertThat(undocumented).isEmpty();
    }

    /** Every entry of every "properties" object (and array "items") must carry a title and a description. */
    private static void collectUndocumented(String path, JsonNode node, List<String> undocumented) {
        for (Map.Entry<String, JsonNode> property : node.path("properties").properties()) {
            String propertyPath = path + "." + property.getKey();
            JsonNode definition = property.getValue();
            if (!definition.hasNonNull("title") || !definition.hasNonNull("description")) {
                undocumented.add(propertyPath);
            }
            collectUndocumented(propertyPath, definition, undocumented);
            if (definition.has("items")) {
                collectUndocumented(propertyPath + "[]", definition.get("items"), undocumented);
            }
        }
    }
}
