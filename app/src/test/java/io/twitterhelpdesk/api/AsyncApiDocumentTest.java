package io.twitterhelpdesk.api;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shipped AsyncAPI document is a valid AsyncAPI 3.0 document (checked against the specification's own JSON
 * Schema, from the npm package {@code @asyncapi/specs} 6.11.1, Apache-2.0, in src/test/resources/asyncapi), every
 * payload points at a schema the connector ships and serves, and its examples follow their own payload and header
 * schemas. {@code AsyncApiContractTest} checks real messages against it.
 */
class AsyncApiDocumentTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final JsonNode document = yaml(ContractDocuments.document("asyncapi.yaml"));

    @Test
    void isAValidAsyncApi3Document() throws IOException {
        JsonSchema specification;
        try (InputStream in = getClass().getResourceAsStream("/asyncapi/asyncapi-3.0.0.schema.json")) {
            specification = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(JSON.readTree(in));
        }

        assertThat(specification.validate(document)).isEmpty();
        assertThat(document.path("asyncapi").asText()).isEqualTo("3.0.0");
        assertThat(document.path("channels").properties()).extracting(Map.Entry::getKey)
                .contains("inboundEnvelopes", "inboundEnvelopesByInbox", "replyRequests", "replyStatus", "alerts");
    }

    @Test
    void everyPayloadIsAShippedSchemaAndEveryExampleFollowsIt() {
        List<String> checked = new ArrayList<>();
        document.path("components").path("messages").properties().forEach(entry -> {
            JsonNode message = entry.getValue();
            String ref = message.path("payload").path("schema").path("$ref").asText();
            assertThat(ref).as(entry.getKey()).startsWith("schema/");
            String schemaText = ContractDocuments.document(ref.substring("schema/".length()));
            assertThat(schemaText).as("served %s", ref).isNotNull();
            JsonSchema payload = schema(read(schemaText));
            JsonSchema headers = schema(message.path("headers"));
            for (JsonNode example : message.path("examples")) {
                assertThat(payload.validate(example.path("payload"))).as("%s example payload", entry.getKey())
                        .isEmpty();
                if (example.has("headers")) {
                    assertThat(headers.validate(example.path("headers"))).as("%s example headers", entry.getKey())
                            .isEmpty();
                }
            }
            checked.add(entry.getKey());
        });
        assertThat(checked).containsExactlyInAnyOrder("envelope", "replyRequest", "replyStatus", "conversationCommand",
                "alert", "accountAlert", "spendCapAlert");
    }

    @Test
    void servesOnlyTheContractsFiles() {
        assertThat(ContractDocuments.document("../application.properties")).isNull();
        assertThat(ContractDocuments.document("twitter-helpdesk/application.properties")).isNull();
        assertThat(ContractDocuments.document(null)).isNull();
        assertThat(ContractDocuments.document("twitter-helpdesk-reply-status-v1.schema.json")).contains("\"$id\"");
    }

    private static JsonSchema schema(JsonNode schema) {
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(schema, config);
    }

    private static JsonNode yaml(String text) {
        return JSON.valueToTree(new Load(LoadSettings.builder().build()).loadFromString(text));
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
