package io.twitterhelpdesk.envelope;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The two examples in docs/envelope.md are exactly what the mapper produces, and valid. */
class EnvelopeDocsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern JSON_BLOCK = Pattern.compile("```json\\n(.*?)```", Pattern.DOTALL);

    @Test
    void documentedExamplesMatchTheMapperAndTheSchema() throws Exception {
        String doc = Files.readString(Path.of("..", "docs", "envelope.md"));
        List<JsonNode> examples = new ArrayList<>();
        Matcher m = JSON_BLOCK.matcher(doc);
        while (m.find()) {
            examples.add(JSON.readTree(m.group(1)));
        }

        assertThat(examples).containsExactly(
                JSON.readTree(EnvelopeJson.toJson(EnvelopeFixtures.dmEnvelope())),
                JSON.readTree(EnvelopeJson.toJson(EnvelopeFixtures.mentionEnvelope())));

        try (InputStream in = getClass().getClassLoader().getResourceAsStream(EnvelopeSchemaTest.SCHEMA_RESOURCE)) {
            var schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
            for (JsonNode example : examples) {
                assertThat(schema.validate(example)).isEmpty();
            }
        }
    }
}
