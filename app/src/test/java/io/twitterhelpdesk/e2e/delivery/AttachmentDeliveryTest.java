package io.twitterhelpdesk.e2e.delivery;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.twitterhelpdesk.e2e.support.StubHelpdesk.Request;
import io.twitterhelpdesk.sandbox.AttachedFile;
import io.twitterhelpdesk.sandbox.Media;
import io.twitterhelpdesk.e2e.support.CapturedLog;
import io.twitterhelpdesk.e2e.support.ConnectorHarness;
import io.twitterhelpdesk.e2e.media.DmMediaTest;
import io.twitterhelpdesk.e2e.support.FreePorts;
import io.twitterhelpdesk.e2e.support.ManagementCalls;
import io.twitterhelpdesk.e2e.support.MediaLinks;
import io.twitterhelpdesk.e2e.support.QueueReader;
import io.twitterhelpdesk.e2e.support.StubHelpdesk;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.twitterhelpdesk.e2e.delivery.HttpDeliveryTest.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * HTTP delivery with attachments end to end (docs/helpdesk-attachments.md): an envelope whose photo's url is served
 * on loopback, the real connector, the stub helpdesk; one test per attachments mode with the shipped template of the
 * helpdesk that takes files that way, and what happens when the photo's link or the upload fails.
 */
class AttachmentDeliveryTest {

    private static final String QUEUE = "twitter.inbound";
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A JPEG's first bytes and bytes that are not text: they must arrive exactly. */
    private static final byte[] PHOTO = {(byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xe0, 0, 0x10, 'J', 'F', 'I',
        'F', 0, 1, (byte) 0x80, (byte) 0x81, '\r', '\n', '-', '-', (byte) 0xfe, (byte) 0xff, (byte) 0xd9};
    private static final String PHOTO_PATH = "/api/v1/media/dm/101/777/Rtr.jpg";

    @TempDir
    Path dataDir;
    private ConnectorHarness harness;
    private StubHelpdesk helpdesk;
    private MediaLinks media;
    private QueueReader queue;
    private CapturedLog log;
    private Map<String, String> properties;
    private String photoUrl;

    @BeforeEach
    void configure() throws Exception {
        helpdesk = new StubHelpdesk(FreePorts.next());
        media = new MediaLinks();
        photoUrl = media.serve(PHOTO_PATH, PHOTO, "image/jpeg");
        harness = new ConnectorHarness(dataDir.resolve("data"));
        properties = harness.properties;
        properties.put("inbound.dm.poll-delay", "1h");
        properties.put("inbound.mention.poll-delay", "1h");
        Path unused = Files.writeString(dataDir.resolve("unused.jsonata"), "{}");
        helpdesk.configure(properties, unused, unused);
        properties.put("helpdesk.http.stub.retry.initial-delay", "100");
        properties.put("helpdesk.http.stub.retry.max-delay", "400");
        properties.put("helpdesk.http.stub.retry.probe-interval", "300");
        properties.put("helpdesk.http.stub.retry.give-up-after", "10s");
        properties.put("helpdesk.http.stub.auth.type", "bearer");
        properties.put("helpdesk.http.stub.auth.token", "s3cret-helpdesk-token");
        properties.put("helpdesk.http.stub.attachments.fetch-timeout", "2s");
    }

    @AfterEach
    void stop() throws Exception {
        harness.close();
        helpdesk.close();
        media.close();
        if (log != null) {
            log.close();
        }
    }

    private void start(String mode, String templates) throws Exception {
        properties.put("helpdesk.http.stub.attachments.mode", mode);
        properties.put("helpdesk.http.stub.create.template", "classpath:helpdesk-templates/" + templates
                + "-create.jsonata");
        properties.put("helpdesk.http.stub.append.template", "classpath:helpdesk-templates/" + templates
                + "-append.jsonata");
        log = CapturedLog.of("io.twitterhelpdesk.delivery");
        queue = harness.start().jms();
    }

    private void startUploading() throws Exception {
        properties.put("helpdesk.http.stub.attachments.upload.url", helpdesk.url() + "/uploads?filename={filename}");
        properties.put("helpdesk.http.stub.attachments.upload.token-path", "$.upload.token");
        start("upload", "zendesk");
    }

    @Test
    void uploadModeUploadsTheExactBytesThenCreatesTheTicketWithTheToken() throws Exception {
        startUploading();
        queue.send(QUEUE, withPhoto("dm:101", photoUrl));

        helpdesk.awaitRequests(2);
        Request upload = helpdesk.requests().get(0);
        assertThat(upload.method() + " " + upload.path() + "?" + upload.query()).isEqualTo("POST /uploads?filename=Rtr.jpg");
        assertThat(upload.bytes()).isEqualTo(PHOTO);
        assertThat(upload.header("Content-Type")).isEqualTo("image/jpeg");
        assertThat(upload.header("Authorization")).isEqualTo("Bearer s3cret-helpdesk-token");
        Request create = helpdesk.requests().get(1);
        assertThat(create.path()).isEqualTo("/tickets");
        JsonNode comment = JSON.readTree(create.body()).at("/ticket/comment");
        assertThat(comment.path("uploads")).isEqualTo(JSON.readTree("[\"upload-1\"]"));
        assertThat(comment.path("body").asText()).contains("photo: " + photoUrl);
        await(() -> delivered(1));
        assertThat(media.gets(PHOTO_PATH)).isEqualTo(1);
    }

    @Test
    void aMentionsPhotoInjectedInTheSandboxReachesTheHelpdeskAsTheSameBytes() throws Exception {
        properties.put("inbound.mention.poll-delay", "100");
        startUploading();
        String publicLink = media.url("/media/FxPhoto.jpg");
        media.serve("/media/FxPhoto.jpg", PHOTO, "image/jpeg");

        harness.sandbox.injectMention("alice", "@acme_support the box came like this", null,
                List.of(Media.photo(publicLink, "a crushed box")));

        helpdesk.awaitRequests(2);
        assertThat(helpdesk.requests().get(0).bytes()).isEqualTo(PHOTO);
        assertThat(helpdesk.requests().get(0).query()).isEqualTo("filename=FxPhoto.jpg");
        JsonNode ticket = JSON.readTree(helpdesk.requests().get(1).body()).path("ticket");
        assertThat(ticket.path("subject").asText()).isEqualTo("Twitter mention from @alice");
        assertThat(ticket.at("/comment/uploads")).isEqualTo(JSON.readTree("[\"upload-1\"]"));
    }

    @Test
    void aCustomersDmPhotoReachesTheHelpdeskThroughTheConnectorsOwnMediaLinkAsTheSameBytes() throws Exception {
        properties.put("inbound.dm.poll-delay", "100");
        start("inline", "rt");

        harness.sandbox.injectDirectMessageWithFile("alice", "acme_support", "the parcel arrived crushed",
                new AttachedFile("photo", "image/png", DmMediaTest.PNG, "a crushed box"));

        helpdesk.awaitRequests(1);
        JsonNode create = JSON.readTree(helpdesk.requests().get(0).body());
        JsonNode attachment = create.at("/Attachments/0");
        assertThat(attachment.path("FileType").asText()).isEqualTo("image/png");
        assertThat(attachment.path("FileName").asText()).endsWith(".png");
        assertThat(Base64.getDecoder().decode(attachment.path("FileContent").asText())).isEqualTo(DmMediaTest.PNG);
        assertThat(create.toString()).as("the ticket's link is the connector's, which the helpdesk can open")
                .contains(harness.apiBaseUrl() + "/api/v1/media/42/");
        assertThat(harness.sandbox.requestCount("dm_media")).as("read from X once").isEqualTo(1);
        await(() -> delivered(1));
    }

    @Test
    void multipartModeSendsTheTemplateFieldsAndTheFileWithItsExactBytes() throws Exception {
        start("multipart", "freshdesk");
        queue.send(QUEUE, withPhoto("dm:201", photoUrl));

        helpdesk.awaitRequests(1);
        Request create = helpdesk.requests().get(0);
        assertThat(create.method() + " " + create.path()).isEqualTo("POST /tickets");
        assertThat(create.header("Content-Type")).startsWith("multipart/form-data;").doesNotContain("json");
        List<Part> parts = parts(create);
        assertThat(parts).extracting(Part::name).containsExactly("subject", "description", "twitter_id", "name",
                "status", "priority", "source", "tags[]", "tags[]", "attachments[]");
        assertThat(parts.get(0).text()).isEqualTo("Twitter DM from @alice");
        assertThat(parts.get(1).text()).contains("photo: " + photoUrl);
        assertThat(parts.get(4).text()).isEqualTo("2");
        assertThat(parts.get(8).text()).isEqualTo("inbox:support");
        Part file = parts.get(9);
        assertThat(file.headers()).contains("filename=\"Rtr.jpg\"").contains("Content-Type: image/jpeg");
        assertThat(file.bytes()).isEqualTo(PHOTO);
        assertThat(create.header("Authorization")).isEqualTo("Bearer s3cret-helpdesk-token");
        await(() -> delivered(1));
    }

    @Test
    void inlineModePutsTheFileBase64EncodedInTheJsonBody() throws Exception {
        start("inline", "rt");
        queue.send(QUEUE, withPhoto("dm:301", photoUrl));

        helpdesk.awaitRequests(1);
        Request create = helpdesk.requests().get(0);
        assertThat(create.header("Content-Type")).startsWith("application/json");
        JsonNode attachment = JSON.readTree(create.body()).at("/Attachments/0");
        assertThat(attachment.path("FileName").asText()).isEqualTo("Rtr.jpg");
        assertThat(attachment.path("FileType").asText()).isEqualTo("image/jpeg");
        assertThat(Base64.getDecoder().decode(attachment.path("FileContent").asText())).isEqualTo(PHOTO);
        await(() -> delivered(1));

        // the conversation's next message is appended, with its own file
        byte[] second = "second photo".getBytes(StandardCharsets.US_ASCII);
        queue.send(QUEUE, withPhoto("dm:302", media.serve("/api/v1/media/dm/302/778/Box.png", second, "image/png")));
        helpdesk.awaitRequests(2);
        Request append = helpdesk.requests().get(1);
        assertThat(append.method() + " " + append.path()).isEqualTo("PUT /tickets/1");
        assertThat(JSON.readTree(append.body()).at("/Attachments/0/FileName").asText()).isEqualTo("Box.png");
        assertThat(Base64.getDecoder().decode(JSON.readTree(append.body()).at("/Attachments/0/FileContent").asText()))
                .isEqualTo(second);
    }

    @Test
    void aPhotoNoLongerServedIsLeftOutTheTicketHasItsLink() throws Exception {
        startUploading();
        String gone = media.url("/api/v1/media/dm/401/779/Gone.jpg") + "?expires=1&signature=c2VjcmV0";
        queue.send(QUEUE, withPhoto("dm:401", gone));

        helpdesk.awaitRequests(1);
        JsonNode comment = JSON.readTree(helpdesk.requests().get(0).body()).at("/ticket/comment");
        assertThat(comment.has("uploads")).isFalse();
        assertThat(comment.path("body").asText()).contains("photo: " + gone);
        await(() -> delivered(1));
        assertThat(log.lines()).anyMatch(l -> l.level() == Level.INFO && l.message().contains(
                "photo " + media.url("/api/v1/media/dm/401/779/Gone.jpg") + " of dm:401 is not attached, its link "
                        + "answered HTTP 404"));
        assertThat(log.lines()).noneMatch(l -> l.message().contains("c2VjcmV0"));
        assertThat(ManagementCalls.value(new ManagementCalls(harness.managementBaseUrl()).metrics(),
                "twitter_helpdesk_helpdesk_attachments_not_attached_total", "helpdesk=\"stub\"", "reason=\"gone\""))
                .isEqualTo(1);
    }

    @Test
    void aPhotoOverTheCapIsLeftOutWithAWarningNamingTheKey() throws Exception {
        properties.put("helpdesk.http.stub.attachments.max-bytes", "20B");
        startUploading();
        queue.send(QUEUE, withPhoto("dm:402", photoUrl));

        helpdesk.awaitRequests(1);
        assertThat(helpdesk.requests().get(0).path()).isEqualTo("/tickets");
        await(() -> delivered(1));
        assertThat(log.lines()).anyMatch(l -> l.level() == Level.WARN && l.message().contains("of dm:402 is not "
                + "attached, it is 21 bytes, over attachments.max-bytes (20)")
                && l.message().contains("helpdesk.http.stub.attachments.max-bytes"));
    }

    @Test
    void aLinkAnswering503IsWaitedForThenTheFileIsAttachedOnce() throws Exception {
        media.then(PHOTO_PATH, 503);
        startUploading();
        queue.send(QUEUE, withPhoto("dm:501", photoUrl));

        assertCreatedWithTheOneUpload(2, "/uploads", "/tickets");
        assertThat(log.lines()).anyMatch(l -> l.level() == Level.WARN && l.message().contains("could not take dm:501")
                && l.message().contains("answered HTTP 503"));
    }

    @Test
    void aLinkStallingLongerThanTheFetchTimeoutIsWaitedForThenTheFileIsAttached() throws Exception {
        properties.put("helpdesk.http.stub.attachments.fetch-timeout", "500");
        media.thenStalling(PHOTO_PATH, 3000);
        startUploading();
        queue.send(QUEUE, withPhoto("dm:502", photoUrl));

        assertCreatedWithTheOneUpload(2, "/uploads", "/tickets");
        assertThat(log.lines()).anyMatch(l -> l.level() == Level.WARN && l.message().contains("could not take dm:502")
                && l.message().contains("timed out reading it"));
    }

    @Test
    void anUploadAnswering429IsWaitedForThenTheTicketCarriesOneToken() throws Exception {
        helpdesk.then(429, "{\"error\":\"slow down\"}");
        startUploading();
        queue.send(QUEUE, withPhoto("dm:601", photoUrl));

        assertCreatedWithTheOneUpload(1, "/uploads", "/uploads", "/tickets");
    }

    @Test
    void aCreateTriedAgainDoesNotUploadTheFileAgain() throws Exception {
        startUploading();
        helpdesk.then(0, null);
        helpdesk.then(503, "{\"error\":\"maintenance\"}");
        queue.send(QUEUE, withPhoto("dm:701", photoUrl));

        assertCreatedWithTheOneUpload(1, "/uploads", "/tickets", "/tickets");
    }

    @Test
    void anUploadRefusedParksTheMessage() throws Exception {
        helpdesk.then(413, "{\"error\":\"too big\"}");
        startUploading();
        queue.send(QUEUE, withPhoto("dm:801", photoUrl));

        List<QueueReader.Received> dead = queue.receive("helpdesk.stub.dead-letters", 1, WAIT);
        assertThat(dead).hasSize(1);
        assertThat((String) dead.get(0).properties().get("DeadLetterReason"))
                .contains("refused the upload of Rtr.jpg (image/jpeg, 21 bytes) with HTTP 413");
        assertThat(helpdesk.requests()).extracting(Request::path).containsExactly("/uploads");
    }

    /**
     * The helpdesk got requests to these paths, the first the photo's upload and the last a create carrying its one
     * token; the photo's link was fetched this many times; the message was delivered.
     */
    private void assertCreatedWithTheOneUpload(int fetches, String... paths) throws Exception {
        helpdesk.awaitRequests(paths.length);
        assertThat(helpdesk.requests()).extracting(Request::path).containsExactly(paths);
        assertThat(helpdesk.requests().get(0).bytes()).isEqualTo(PHOTO);
        assertThat(JSON.readTree(helpdesk.requests().get(paths.length - 1).body()).at("/ticket/comment/uploads"))
                .isEqualTo(JSON.readTree("[\"upload-1\"]"));
        assertThat(media.gets(PHOTO_PATH)).isEqualTo(fetches);
        await(() -> delivered(1));
    }

    private static String withPhoto(String id, String url) throws Exception {
        ObjectNode envelope = (ObjectNode) JSON.readTree(HttpDeliveryTest.envelope(id, "twitter:dm:42:7", "alice",
                "It arrived broken"));
        envelope.putArray("media").addObject().put("type", "photo").put("url", url)
                .put("twitterUrl", "https://ton.twitter.com/1.1/ton/data/dm/" + id).putNull("altText");
        return envelope.toString();
    }

    /** One part of a multipart/form-data body: its name, headers and content. */
    private record Part(String name, String headers, byte[] bytes) {
        String text() {
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    private static List<Part> parts(Request request) {
        String boundary = request.header("Content-Type").replaceAll(".*boundary=", "");
        String body = new String(request.bytes(), StandardCharsets.ISO_8859_1);
        List<Part> parts = new ArrayList<>();
        for (String chunk : body.split("--" + java.util.regex.Pattern.quote(boundary))) {
            int end = chunk.indexOf("\r\n\r\n");
            if (end < 0) {
                continue;
            }
            String headers = chunk.substring(0, end);
            String content = chunk.substring(end + 4, chunk.length() - 2);
            String name = headers.replaceAll("(?s).*?; name=\"([^\"]*)\".*", "$1");
            parts.add(new Part(name, headers, content.getBytes(StandardCharsets.ISO_8859_1)));
        }
        return parts;
    }

    private boolean delivered(int count) {
        return log.lines().stream().filter(l -> l.message().contains(" delivered (")).count() >= count;
    }
}
