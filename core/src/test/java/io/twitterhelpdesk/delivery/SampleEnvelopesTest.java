package io.twitterhelpdesk.delivery;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The envelopes templates are tried on at start: the examples of docs/envelope.md, and all valid envelopes. */
class SampleEnvelopesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern JSON_BLOCK = Pattern.compile("```json\\n(.*?)```", Pattern.DOTALL);

    @Test
    void theFirstTwoAreTheDocumentedExamplesAndAllAreValid() throws Exception {
        List<JsonNode> documented = new ArrayList<>();
        Matcher m = JSON_BLOCK.matcher(Files.readString(Path.of("..", "docs", "envelope.md")));
        while (m.find()) {
            documented.add(JSON.readTree(m.group(1)));
        }
        List<JsonNode> samples = new ArrayList<>();
        for (String json : SampleEnvelopes.all().values()) {
            samples.add(JSON.readTree(json));
        }

        assertThat(samples).hasSize(3);
        assertThat(samples.subList(0, 2)).containsExactlyElementsOf(documented);
        assertThat(samples.get(2).path("customer").path("name").isNull()).isTrue();
        assertThat(samples.get(2).path("text").asText()).isEmpty();
        try (InputStream in = getClass().getClassLoader()
                .getResourceAsStream("schema/twitter-helpdesk-envelope-v1.schema.json")) {
            JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
            assertThat(samples).allSatisfy(sample -> assertThat(schema.validate(sample)).isEmpty());
        }
    }
}
