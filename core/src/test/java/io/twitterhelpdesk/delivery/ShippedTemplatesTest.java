package io.twitterhelpdesk.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The JSONata templates shipped under helpdesk-templates/, run by camel-jsonata on a sample envelope. */
class ShippedTemplatesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ENVELOPE = "{\"schema\":\"twitter-helpdesk/v1\",\"id\":\"dm:11\",\"kind\":\"direct_message\","
            + "\"tags\":[\"Twitter:Direct\"],\"account\":{\"id\":\"42\",\"screenName\":\"acme_support\"},\"inbox\":\"support\","
            + "\"customer\":{\"id\":\"7\",\"screenName\":\"alice\",\"name\":null},\"conversationKey\":\"twitter:dm:42:7\","
            + "\"text\":\"It is \\\"broken\\\"\",\"media\":[{\"type\":\"photo\",\"url\":\"https://e.x/p.jpg\",\"altText\":null}],"
            + "\"inReplyToTweetId\":null,\"tweetUrl\":null,\"createdAt\":\"2026-11-22T01:02:03Z\","
            + "\"receivedAt\":\"2026-11-22T01:02:04Z\",\"source\":\"poll\"}";
    private static CamelContext context;
    private static ProducerTemplate producer;

    @BeforeAll
    static void start() {
        context = new DefaultCamelContext();
        context.start();
        producer = context.createProducerTemplate();
    }

    @AfterAll
    static void stop() {
        context.stop();
    }

    private static JsonNode render(String template) throws Exception {
        return render(template, ENVELOPE);
    }

    private static JsonNode render(String template, String input) throws Exception {
        String out = producer.requestBody("jsonata:classpath:helpdesk-templates/" + template
                + "?inputType=JsonString&outputType=JsonString", input, String.class);
        return JSON.readTree(out);
    }

    /** The envelope as the template gets it with attachments (docs/helpdesk-attachments.md). */
    private static String withAttachments(String... attachments) {
        return ENVELOPE.substring(0, ENVELOPE.length() - 1) + ",\"attachments\":[" + String.join(",", attachments)
                + "],\"notAttached\":[]}";
    }

    @Test
    void theDefaultTemplatePostsTheEnvelopeUnchanged() throws Exception {
        assertThat(render("envelope.jsonata")).isEqualTo(JSON.readTree(ENVELOPE));
    }

    @Test
    void zendeskTemplatesMakeATicketAndAComment() throws Exception {
        assertThat(render("zendesk-create.jsonata")).isEqualTo(JSON.readTree("{\"ticket\":{"
                + "\"subject\":\"Twitter DM from @alice\",\"comment\":{\"body\":\"It is \\\"broken\\\"\\nphoto: https://e.x/p.jpg\"},"
                + "\"requester\":{\"name\":\"@alice\"},\"external_id\":\"dm:11\","
                + "\"tags\":[\"twitter_direct\",\"inbox_support\"]}}"));
        assertThat(render("zendesk-append.jsonata")).isEqualTo(JSON.readTree("{\"ticket\":{\"comment\":{"
                + "\"body\":\"It is \\\"broken\\\"\\nphoto: https://e.x/p.jpg\\n\\n(dm:11)\",\"public\":true}}}"));
    }

    @Test
    void freshdeskTemplatesMakeATicketAndAnIncomingNote() throws Exception {
        assertThat(render("freshdesk-create.jsonata")).isEqualTo(JSON.readTree("{"
                + "\"subject\":\"Twitter DM from @alice\","
                + "\"description\":\"It is \\\"broken\\\"<br>photo: https://e.x/p.jpg<br><br>(dm:11)\","
                + "\"twitter_id\":\"alice\",\"name\":\"@alice\",\"status\":2,\"priority\":1,\"source\":2,"
                + "\"tags\":[\"Twitter:Direct\",\"inbox:support\"]}"));
        assertThat(render("freshdesk-append.jsonata")).isEqualTo(JSON.readTree("{"
                + "\"body\":\"It is \\\"broken\\\"<br>photo: https://e.x/p.jpg<br><br>(dm:11)\","
                + "\"private\":false,\"incoming\":true}"));
    }

    @Test
    void zendeskTemplatesPutTheUploadTokensInTheCommentAlwaysAsAnArray() throws Exception {
        String one = "{\"filename\":\"p.jpg\",\"contentType\":\"image/jpeg\",\"size\":3,\"url\":\"https://e.x/p.jpg\","
                + "\"token\":\"tok1\"}";
        String two = one.replace("tok1", "tok2").replace("p.jpg", "q.jpg");
        assertThat(render("zendesk-create.jsonata", withAttachments(one)).at("/ticket/comment/uploads"))
                .isEqualTo(JSON.readTree("[\"tok1\"]"));
        assertThat(render("zendesk-append.jsonata", withAttachments(one, two)).at("/ticket/comment/uploads"))
                .isEqualTo(JSON.readTree("[\"tok1\",\"tok2\"]"));
        assertThat(render("zendesk-create.jsonata", withAttachments()).at("/ticket/comment").has("uploads")).isFalse();
    }

    @Test
    void requestTrackerTemplatesCarryEachFileBase64EncodedAndTheLinksInTheText() throws Exception {
        String file = "{\"filename\":\"p.jpg\",\"contentType\":\"image/jpeg\",\"size\":3,\"url\":\"https://e.x/p.jpg\","
                + "\"base64\":\"/9j/\"}";
        assertThat(render("rt-create.jsonata", withAttachments(file))).isEqualTo(JSON.readTree("{\"Queue\":\"General\","
                + "\"Subject\":\"Twitter DM from @alice\",\"Content\":\"It is \\\"broken\\\"\\nphoto: https://e.x/p.jpg\\n\\n(dm:11)\","
                + "\"ContentType\":\"text/plain\",\"Attachments\":[{\"FileName\":\"p.jpg\",\"FileType\":\"image/jpeg\","
                + "\"FileContent\":\"/9j/\"}]}"));
        assertThat(render("rt-append.jsonata", withAttachments(file)).at("/Attachments/0/FileContent").asText())
                .isEqualTo("/9j/");
        assertThat(render("rt-append.jsonata").has("Attachments")).isFalse();
        assertThat(render("rt-append.jsonata", withAttachments()).has("Attachments")).isFalse();
    }
}
