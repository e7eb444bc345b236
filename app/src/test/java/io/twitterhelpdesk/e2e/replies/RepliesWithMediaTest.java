package io.twitterhelpdesk.e2e.replies;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.twitterhelpdesk.sandbox.DirectMessageRef;
import io.twitterhelpdesk.sandbox.SentDirectMessage;
import io.twitterhelpdesk.sandbox.SentTweet;
import io.twitterhelpdesk.sandbox.TweetRef;
import io.twitterhelpdesk.sandbox.TwitterSandbox;
import io.twitterhelpdesk.e2e.support.ApiFlavour;
import io.twitterhelpdesk.e2e.support.ConnectorHarness;
import io.twitterhelpdesk.e2e.support.ReplyApi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Replies with media end to end, one connector for the class: REST API -> reply queue -> media fetched or decoded ->
 * uploaded from the account -> DM or public reply with it -> sandbox, which keeps the bytes. Over v1.1 (twitter4j's
 * media/upload.json); {@link RepliesWithMediaV2Test} over X API v2 (/2/media/upload).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RepliesWithMediaTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final byte[] PNG = png(600);
    private static final ObjectMapper JSON = new ObjectMapper();

    private Path dataDir;
    private ConnectorHarness harness;
    private TwitterSandbox sandbox;
    private ReplyApi api;
    private HttpServer files;
    private String filesUrl;
    private int customers;

    ApiFlavour api() {
        return ApiFlavour.V1_1;
    }

    @BeforeAll
    void start() throws Exception {
        files = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        serve("/photo.png", "image/png", PNG);
        serve("/login", "text/html; charset=utf-8", "<html><body>Please log in</body></html>".getBytes());
        serve("/huge.png", "image/png", png(5000));
        files.start();
        filesUrl = "http://127.0.0.1:" + files.getAddress().getPort();
        dataDir = Files.createTempDirectory("replies-with-media");
        harness = new ConnectorHarness(dataDir, api());
        harness.properties.put("outbound.retry-delay", "100");
        harness.properties.put("outbound.media.max-bytes", "4096");
        harness.properties.put("outbound.media.allowed-types", "image/png,image/jpeg");
        harness.properties.put("outbound.media.fetch-timeout", "2s");
        harness.start();
        sandbox = harness.sandbox;
        api = new ReplyApi(harness.apiBaseUrl());
    }

    @AfterAll
    void stop() throws Exception {
        harness.close();
        files.stop(0);
    }

    @Test
    void directMessageReplyWithAnInlinePngArrivesWithThatPng() throws Exception {
        String key = dmConversation();
        int uploads = sandbox.requestCount(api().mediaUploadKey());

        assertThat(api.post(reply("png-dm", key, "Here is your label").set("media", inline(PNG, "image/png")), WAIT))
                .isEqualTo(202);

        JsonNode status = api.finalStatus("png-dm", WAIT);
        assertThat(status.path("status").asText()).as(status.toString()).isEqualTo("sent");
        SentDirectMessage dm = sentDm(status);
        assertThat(dm.text()).isEqualTo("Here is your label");
        assertThat(dm.mediaIds()).hasSize(1);
        assertThat(sandbox.mediaSha256(dm.mediaIds().get(0))).contains(sha256(PNG));
        assertThat(sandbox.requestCount(api().mediaUploadKey())).isEqualTo(uploads + 1);
    }

    @Test
    void publicReplyWithAPhotoFetchedFromAUrlCarriesThatPhoto() throws Exception {
        TweetRef mention = sandbox.injectMention("m_bob" + (++customers), "@acme_support broken again", null, List.of());
        harness.jms().receive("twitter.inbound", 1, WAIT);

        api.post(reply("url-tweet", "twitter:thread:" + mention.id(), "Sorry, like this?")
                .set("media", JSON.createObjectNode().put("url", filesUrl + "/photo.png?token=secret")), WAIT);

        JsonNode status = api.finalStatus("url-tweet", WAIT);
        assertThat(status.path("status").asText()).as(status.toString()).isEqualTo("sent");
        SentTweet tweet = sandbox.sentTweets().stream()
                .filter(t -> Long.toString(t.id()).equals(status.path("twitterId").asText())).findFirst().orElseThrow();
        assertThat(tweet.inReplyToStatusId()).isEqualTo(mention.id());
        assertThat(tweet.mediaIds()).hasSize(1);
        assertThat(sandbox.mediaSha256(tweet.mediaIds().get(0))).contains(sha256(PNG));
    }

    @Test
    void replySentAgainAfterA503UploadsItsMediaOnce() throws Exception {
        String key = dmConversation();
        int uploads = sandbox.requestCount(api().mediaUploadKey());
        int sends = sandbox.requestCount(api().dmSendKey);
        sandbox.failNext(api().dmSendKey, 503, "{\"errors\":[{\"code\":130,\"message\":\"Over capacity\"}]}", 1);

        api.post(reply("retry-once", key, "Second try").set("media", inline(PNG, "image/png")), WAIT);

        JsonNode status = api.finalStatus("retry-once", WAIT);
        assertThat(status.path("status").asText()).as(status.toString()).isEqualTo("sent");
        assertThat(sandbox.requestCount(api().dmSendKey)).isEqualTo(sends + 2);
        assertThat(sandbox.requestCount(api().mediaUploadKey())).isEqualTo(uploads + 1);
        assertThat(sandbox.mediaSha256(sentDm(status).mediaIds().get(0))).contains(sha256(PNG));
    }

    @Test
    void uploadRefusedByXFailsTheReplyWithXsReason() throws Exception {
        String key = dmConversation();
        sandbox.failNext(api().mediaUploadKey(), 400, api() == ApiFlavour.V1_1
                ? "{\"errors\":[{\"code\":324,\"message\":\"Image file is corrupt\"}]}"
                : "{\"title\":\"Invalid Request\",\"detail\":\"Image file is corrupt\","
                        + "\"type\":\"https://api.twitter.com/2/problems/invalid-request\"}", 1);

        api.post(reply("refused-upload", key, "Label attached").set("media", inline(PNG, "image/png")), WAIT);

        JsonNode status = api.finalStatus("refused-upload", WAIT);
        assertThat(status.path("status").asText()).as(status.toString()).isEqualTo("failed");
        assertThat(status.path("error").path("code").asText()).isEqualTo("media_upload_failed");
        assertThat(status.path("error").path("message").asText()).contains("Image file is corrupt").contains("400");
        assertThat(sandbox.sentDirectMessages()).noneMatch(dm -> dm.text().equals("Label attached"));
    }

    @Test
    void inlineMediaTooLargeOfATypeNotAllowedOrNotBase64IsRefusedAtOnce() throws Exception {
        String key = dmConversation();

        assertProblem(reply("big", key, "x").set("media", inline(png(5000), "image/png")), 413, "media_too_large");
        assertProblem(reply("gif", key, "x").set("media", inline("GIF89a-----".getBytes(), "image/gif")), 422,
                "media_type_not_allowed");
        assertProblem(reply("b64", key, "x").set("media", JSON.createObjectNode().put("data", "iVBOR%%w0KGgo")
                .put("contentType", "image/png")), 400, "media_invalid");
        assertProblem(reply("both", key, "x").set("media", JSON.createObjectNode().put("url", filesUrl + "/photo.png")
                .put("data", "AAAA").put("contentType", "image/png")), 400, "media_invalid");
        assertThat(api.get("/replies/big").path("error").path("code").asText()).isEqualTo("unknown_reply");
    }

    @Test
    void mediaUrlThatGivesNoMediaRejectsTheReply() throws Exception {
        String key = dmConversation();
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String[][] cases = {
                {"html", filesUrl + "/login", "media_unavailable"},
                {"dead", "http://127.0.0.1:" + closedPort + "/photo.png", "media_unavailable"},
                {"huge", filesUrl + "/huge.png", "media_too_large"},
        };
        for (String[] c : cases) {
            api.post(reply("url-" + c[0], key, "see " + c[0]).set("media", JSON.createObjectNode().put("url", c[1])),
                    WAIT);
            JsonNode status = api.finalStatus("url-" + c[0], WAIT);
            assertThat(status.path("status").asText()).as(status.toString()).isEqualTo("rejected");
            assertThat(status.path("error").path("code").asText()).as(c[0]).isEqualTo(c[2]);
        }
        assertThat(sandbox.sentDirectMessages()).noneMatch(dm -> dm.text().startsWith("see "));
    }

    /** A DM conversation with a new customer, known to the connector. */
    private String dmConversation() throws Exception {
        DirectMessageRef dm = sandbox.injectDirectMessage("m_alice" + (++customers), "acme_support", "hello",
                List.of());
        harness.jms().receive("twitter.inbound", 1, WAIT);
        return "twitter:dm:42:" + dm.senderId();
    }

    private SentDirectMessage sentDm(JsonNode status) {
        return sandbox.sentDirectMessages().stream()
                .filter(d -> Long.toString(d.id()).equals(status.path("twitterId").asText())).findFirst().orElseThrow();
    }

    private void assertProblem(ObjectNode request, int status, String code) throws Exception {
        HttpResponse<String> answer = api.postBody(request.toString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(status);
        assertThat(JSON.readTree(answer.body()).path("error").path("code").asText()).isEqualTo(code);
    }

    private static ObjectNode reply(String replyId, String key, String text) {
        return JSON.createObjectNode().put("replyId", replyId).put("conversationKey", key).put("text", text);
    }

    private static ObjectNode inline(byte[] bytes, String type) {
        return JSON.createObjectNode().put("data", Base64.getEncoder().encodeToString(bytes)).put("contentType", type);
    }

    /** A PNG signature followed by {@code size - 8} bytes that differ from file to file size. */
    private static byte[] png(int size) {
        byte[] bytes = new byte[size];
        System.arraycopy(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'}, 0, bytes, 0, 8);
        for (int i = 8; i < size; i++) {
            bytes[i] = (byte) (i * 31);
        }
        return bytes;
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private void serve(String path, String type, byte[] body) {
        files.createContext(path, exchange -> {
            exchange.getResponseHeaders().set("Content-Type", type);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            } catch (IOException e) {
                // the connector stopped reading past its cap
            }
        });
    }
}
