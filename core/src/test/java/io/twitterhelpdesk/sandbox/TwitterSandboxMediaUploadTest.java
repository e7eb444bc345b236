package io.twitterhelpdesk.sandbox;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Properties;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.twitterhelpdesk.xapi.TwitterClients;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import twitter4j.Twitter;
import twitter4j.TwitterException;
import twitter4j.v1.StatusUpdate;
import twitter4j.v1.UploadedMedia;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Media upload in the sandbox: v1.1 {@code media/upload.json} as twitter4j 4.1.2 sends it (simple and chunked), v2
 * {@code /2/media/upload} in chunks, the stored bytes (admin {@code /sandbox/media/{id}}), refusals and faults.
 */
class TwitterSandboxMediaUploadTest {

    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 13, 'I', 'H'};
    private TwitterSandbox sandbox;
    private Twitter twitter;
    private V2TestClient v2;

    @BeforeEach
    void start() {
        sandbox = new TwitterSandbox("127.0.0.1", 0, 0).start();
        sandbox.registerAccount(42, "acme_support", "ACME Support", "ck", "cs", "at-42", "ats");
        Properties props = new Properties();
        props.setProperty("restBaseURL", sandbox.restBaseUrl());
        twitter = TwitterClients.withUploadBaseUrl(Twitter.newBuilder(), sandbox.restBaseUrl())
                .oAuthConsumer("ck", "cs").oAuthAccessToken("at-42", "ats").load(props).build();
        v2 = V2TestClient.oauth1(sandbox, "ck", "cs", "at-42", "ats");
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @Test
    void twitter4jUploadsAPhotoAndSendsItInADirectMessage() throws Exception {
        long alice = sandbox.createUser("alice", "Alice").id();

        UploadedMedia uploaded = twitter.v1().tweets().uploadMedia("reply.png", new ByteArrayInputStream(PNG));
        twitter.v1().directMessages().sendDirectMessage(alice, "your label", uploaded.getMediaId());

        assertThat(uploaded.getSize()).isEqualTo(PNG.length);
        assertThat(uploaded.getImageType()).isEqualTo("image/png");
        assertThat(sandbox.sentDirectMessages()).singleElement()
                .satisfies(dm -> assertThat(dm.mediaIds()).containsExactly(uploaded.getMediaId()));
        assertThat(sandbox.mediaSha256(uploaded.getMediaId())).contains(sha256(PNG));
        HttpResponse<byte[]> file = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(sandbox.adminBaseUrl() + "media/" + uploaded.getMediaId())).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(file.statusCode()).isEqualTo(200);
        assertThat(file.headers().firstValue("Content-Type")).contains("image/png");
        assertThat(file.body()).isEqualTo(PNG);
        assertThat(sandbox.requestCount("media_upload")).isEqualTo(1);
    }

    @Test
    void twitter4jChunkedVideoIsProcessedThenTweeted() throws Exception {
        byte[] video = new byte[3 * 1024 * 1024];
        System.arraycopy(new byte[] {0, 0, 0, 0x18, 'f', 't', 'y', 'p'}, 0, video, 0, 8);
        video[video.length - 1] = 7;

        UploadedMedia uploaded = twitter.v1().tweets().uploadMediaChunked("reply.mp4", new ByteArrayInputStream(video));
        twitter.v1().tweets().updateStatus(StatusUpdate.of("a video").mediaIds(uploaded.getMediaId()));

        assertThat(uploaded.getProcessingState()).isEqualTo("succeeded");
        assertThat(sandbox.sentTweets()).singleElement()
                .satisfies(t -> assertThat(t.mediaIds()).containsExactly(uploaded.getMediaId()));
        assertThat(sandbox.mediaSha256(uploaded.getMediaId())).contains(sha256(video));
        // INIT, two APPENDs, FINALIZE; then STATUS while processing
        assertThat(sandbox.requestCount("media_upload")).isEqualTo(4);
        assertThat(sandbox.requestCount("media_upload_status")).isEqualTo(1);
    }

    @Test
    void v1DirectMessageOrTweetWithAnUnknownMediaIdIsRefusedWithCode324() throws Exception {
        long alice = sandbox.createUser("alice", "Alice").id();

        assertThatThrownBy(() -> twitter.v1().directMessages().sendDirectMessage(alice, "hi", 1455952740635586573L))
                .isInstanceOfSatisfying(TwitterException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(400);
                    assertThat(e.getErrorCode()).isEqualTo(324);
                });
        assertThatThrownBy(() -> twitter.v1().tweets().updateStatus(StatusUpdate.of("hi").mediaIds(123L)))
                .isInstanceOfSatisfying(TwitterException.class, e -> assertThat(e.getErrorCode()).isEqualTo(324));
        assertThat(sandbox.sentDirectMessages()).isEmpty();
        assertThat(sandbox.sentTweets()).isEmpty();
    }

    @Test
    void v2ChunkedUploadIsPendingUntilAskedForItsStatusThenAttachable() throws Exception {
        var init = v2.postJson("media/upload/initialize",
                "{\"media_type\":\"image/gif\",\"total_bytes\":12,\"media_category\":\"tweet_gif\"}");
        assertThat(init.status()).as(init.body()).isEqualTo(200);
        String id = init.json().path("data").path("id").asText();
        for (String[] segment : new String[][] {{"0", "GIF89a"}, {"1", "abcdef"}}) {
            String boundary = "b0undary";
            String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"segment_index\"\r\n\r\n"
                    + segment[0] + "\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"media\"; "
                    + "filename=\"a.gif\"\r\nContent-Type: image/gif\r\n\r\n" + segment[1] + "\r\n--" + boundary + "--\r\n";
            var append = v2.send("POST", "media/upload/" + id + "/append", body,
                    "multipart/form-data; boundary=" + boundary);
            assertThat(append.status()).as(append.body()).isEqualTo(200);
        }
        var finalized = v2.postJson("media/upload/" + id + "/finalize", "{}");
        assertThat(finalized.json().path("data").path("processing_info").path("state").asText()).isEqualTo("pending");
        assertThat(v2.postJson("tweets", "{\"text\":\"gif\",\"media\":{\"media_ids\":[\"" + id + "\"]}}").status())
                .isEqualTo(400);

        var status = v2.get("media/upload?command=STATUS&media_id=" + id);
        assertThat(status.json().path("data").path("processing_info").path("state").asText()).isEqualTo("succeeded");
        assertThat(v2.postJson("tweets", "{\"text\":\"gif\",\"media\":{\"media_ids\":[\"" + id + "\"]}}").status())
                .isEqualTo(201);
        assertThat(sandbox.mediaSha256(Long.parseLong(id))).contains(sha256("GIF89aabcdef".getBytes()));
    }

    @Test
    void uploadsNeedAuthenticationRefuseBadInputAndTakeQueuedFaults() throws Exception {
        var anonymous = V2TestClient.send(HttpRequest.newBuilder(URI.create(sandbox.v2BaseUrl() + "media/upload"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"media\":\"AAAA\",\"media_category\":\"dm_image\"}"))
                .build());
        assertThat(anonymous.status()).isEqualTo(401);
        var noCategory = v2.postJson("media/upload", "{\"media\":\"AAAA\"}");
        assertThat(noCategory.status()).isEqualTo(400);
        assertThat(noCategory.json().path("type").asText()).isEqualTo("https://api.twitter.com/2/problems/invalid-request");
        var mismatch = v2.postJson("media/upload/initialize",
                "{\"media_type\":\"video/mp4\",\"total_bytes\":100,\"media_category\":\"dm_video\"}");
        var finalizeEarly = v2.postJson("media/upload/" + mismatch.json().path("data").path("id").asText()
                + "/finalize", "{}");
        assertThat(finalizeEarly.status()).isEqualTo(400);

        String problem = "{\"title\":\"Invalid Request\",\"detail\":\"Unsupported media\",\"type\":"
                + "\"https://api.twitter.com/2/problems/invalid-request\"}";
        sandbox.failNext("v2_media_upload", 400, problem, 1);
        var failed = v2.postJson("media/upload", "{\"media\":\"AAAA\",\"media_category\":\"dm_image\"}");
        assertThat(failed.status()).isEqualTo(400);
        assertThat(failed.json().path("detail").asText()).isEqualTo("Unsupported media");
        sandbox.failNext("media_upload", 400, "{\"errors\":[{\"code\":324,\"message\":\"Invalid media\"}]}", 1);
        assertThatThrownBy(() -> twitter.v1().tweets().uploadMedia("reply.png", new ByteArrayInputStream(PNG)))
                .isInstanceOfSatisfying(TwitterException.class, e -> assertThat(e.getErrorCode()).isEqualTo(324));
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
