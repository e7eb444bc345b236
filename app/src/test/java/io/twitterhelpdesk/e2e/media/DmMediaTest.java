package io.twitterhelpdesk.e2e.media;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import io.twitterhelpdesk.e2e.support.TestHttp;
import io.twitterhelpdesk.sandbox.AttachedFile;
import io.twitterhelpdesk.sandbox.DirectMessageRef;
import io.twitterhelpdesk.e2e.support.ApiFlavour;
import io.twitterhelpdesk.e2e.support.ConnectorHarness;
import io.twitterhelpdesk.e2e.support.EnvelopeSchemaCheck;
import io.twitterhelpdesk.e2e.support.ManagementCalls;
import io.twitterhelpdesk.e2e.support.QueueReader;
import io.twitterhelpdesk.e2e.support.ReplyApi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A photo a customer sends by DM, end to end: the sandbox serves it only to the DM's participants (as X does); the
 * envelope on the queue links it to the connector's media endpoint, and a helpdesk following that link, with no API
 * key, gets exactly the customer's bytes (fetched from X once, then from the cache). The bad requests get clear
 * answers. {@link DmMediaV2Test} runs the same over X API v2.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public class DmMediaTest {

    private static final String SIGNING_KEY = "test-media-signing-key-0123456789abcdef";
    private static final Duration WAIT = Duration.ofSeconds(20);
    /** A 1x1 PNG. */
    public static final byte[] PNG = Base64.getDecoder().decode(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");

    private ConnectorHarness harness;
    private final HttpClient http = TestHttp.client();

    ApiFlavour api() {
        return ApiFlavour.V1_1;
    }

    String mediaEndpointKey() {
        return api() == ApiFlavour.V2 ? "v2_dm_media" : "dm_media";
    }

    @BeforeAll
    void start(@TempDir Path dataDir) throws Exception {
        harness = new ConnectorHarness(dataDir, api());
        harness.properties.put("media.signing-key", SIGNING_KEY);
        harness.start();
    }

    @AfterAll
    void stop() throws Exception {
        harness.close();
    }

    @Test
    void customersPhotoReachesTheQueueAndOpensThroughTheEnvelopesLinkWithoutAnApiKey() throws Exception {
        DirectMessageRef dm = harness.sandbox.injectDirectMessageWithFile("alice", "acme_support", "the parcel arrived crushed",
                new AttachedFile("photo", "image/png", PNG, "a crushed box"));

        JsonNode media = envelopeMedia(dm);

        assertThat(media.path("type").asText()).isEqualTo("photo");
        assertThat(media.path("altText").asText()).isEqualTo("a crushed box");
        assertThat(media.path("twitterUrl").asText()).startsWith("https://ton.twitter.com/1.1/ton/data/dm/" + dm.id() + "/");
        String link = media.path("url").asText();
        assertThat(link).startsWith(harness.apiBaseUrl() + "/api/v1/media/42/" + dm.id() + "/")
                .contains("expires=").contains("signature=");
        int fetchesBefore = harness.sandbox.requestCount(mediaEndpointKey());

        HttpResponse<byte[]> first = get(link, null);
        HttpResponse<byte[]> second = get(link, null);

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.body()).isEqualTo(PNG);
        assertThat(first.headers().firstValue("Content-Type")).hasValue("image/png");
        assertThat(first.headers().firstValueAsLong("Content-Length")).hasValue(PNG.length);
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(second.body()).isEqualTo(PNG);
        assertThat(harness.sandbox.requestCount(mediaEndpointKey()) - fetchesBefore)
                .as("a billed read from X once, then the connector's cache").isEqualTo(1);
        String metrics = new ManagementCalls(harness.managementBaseUrl()).metrics();
        assertThat(ManagementCalls.value(metrics, "twitter_helpdesk_media_files_total", "account=\"acme_support\"",
                "from=\"x\"")).isGreaterThanOrEqualTo(1);
        assertThat(ManagementCalls.value(metrics, "twitter_helpdesk_media_files_total", "account=\"acme_support\"",
                "from=\"cache\"")).isGreaterThanOrEqualTo(1);
    }

    @Test
    void withoutASignatureTheApiKeyIsNeededAndAWrongOrExpiredSignatureIsRefused() throws Exception {
        DirectMessageRef dm = harness.sandbox.injectDirectMessageWithFile("carol", "acme_support", "see photo",
                new AttachedFile("photo", "image/png", PNG, null));
        String link = envelopeMedia(dm).path("url").asText();
        String plain = link.substring(0, link.indexOf('?'));
        String path = plain.substring((harness.apiBaseUrl() + "/api/v1/media/").length());

        assertThat(get(plain, ReplyApi.API_KEY).body()).isEqualTo(PNG);
        assertProblem(get(plain, null), 401, "missing_credentials");
        assertProblem(get(plain, "not-the-key"), 401, "invalid_credentials");
        assertProblem(get(link.replaceAll("signature=[^&]+", "signature=AAAA"), null), 401, "invalid_signature");
        // the signature of another file does not open this one
        assertProblem(get(plain.replace("/api/v1/media/42/", "/api/v1/media/43/") + link.substring(link.indexOf('?')),
                null), 401, "invalid_signature");
        long past = Instant.now().minusSeconds(60).getEpochSecond();
        assertProblem(get(plain + "?expires=" + past + "&signature=" + sign(path, past), null), 401, "link_expired");
        long future = Instant.now().plusSeconds(600).getEpochSecond();
        assertThat(get(plain + "?expires=" + future + "&signature=" + sign(path, future), null).body())
                .as("a link signed with media.signing-key").isEqualTo(PNG);
    }

    @Test
    void mediaXDoesNotServeIsA404NeverA5xx() throws Exception {
        DirectMessageRef dm = harness.sandbox.injectDirectMessageWithFile("dave", "acme_support", "photo",
                new AttachedFile("photo", "image/png", PNG, null));
        String link = envelopeMedia(dm).path("url").asText();
        String plain = link.substring(0, link.indexOf('?'));
        String[] parts = plain.split("/");
        String dmId = parts[parts.length - 3];
        String mediaId = parts[parts.length - 2];

        // a media id X no longer serves (deleted with its message)
        assertProblem(get(harness.apiBaseUrl() + "/api/v1/media/42/" + dmId + "/1" + mediaId.substring(1)
                + "/gone.png", ReplyApi.API_KEY), 404, "media_not_found");
        // the DM of another account: acme_sales is no participant, X refuses it
        HttpResponse<byte[]> other = get(plain.replace("/api/v1/media/42/", "/api/v1/media/43/"), ReplyApi.API_KEY);
        assertProblem(other, 404, "media_not_found");
        assertThat(new String(other.body(), StandardCharsets.UTF_8)).contains("not a participant");
        // an account the connector does not run; a path that names no file
        assertProblem(get(plain.replace("/api/v1/media/42/", "/api/v1/media/77/"), ReplyApi.API_KEY), 404,
                "account_not_found");
        assertProblem(get(harness.apiBaseUrl() + "/api/v1/media/42/abc/def/x.png", ReplyApi.API_KEY), 404,
                "media_not_found");
    }

    @Test
    void xUnavailableIsA503WithRetryAfterAndTheNextRequestGetsTheFile() throws Exception {
        DirectMessageRef dm = harness.sandbox.injectDirectMessageWithFile("erin", "acme_support", "photo",
                new AttachedFile("photo", "image/png", PNG, null));
        String link = envelopeMedia(dm).path("url").asText();
        harness.sandbox.failNext(mediaEndpointKey(), 503, "{\"errors\":[{\"code\":131,\"message\":\"Internal error\"}]}",
                1);

        HttpResponse<byte[]> unavailable = get(link, null);

        assertProblem(unavailable, 503, "x_unavailable");
        assertThat(unavailable.headers().firstValue("Retry-After")).isPresent();
        assertThat(get(link, null).body()).isEqualTo(PNG);
    }

    private JsonNode envelopeMedia(DirectMessageRef dm) throws Exception {
        List<QueueReader.Received> got = harness.jms().receive("twitter.inbound", 1, WAIT);
        assertThat(got).hasSize(1);
        assertThat(EnvelopeSchemaCheck.errors(got.get(0).body())).isEmpty();
        JsonNode envelope = EnvelopeSchemaCheck.parse(got.get(0).body());
        assertThat(envelope.path("id").asText()).isEqualTo("dm:" + dm.id());
        return envelope.path("media").get(0);
    }

    private HttpResponse<byte[]> get(String url, String apiKey) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).GET();
        if (apiKey != null) {
            request.header("X-API-Key", apiKey);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static void assertProblem(HttpResponse<byte[]> answer, int status, String code) {
        String body = new String(answer.body(), StandardCharsets.UTF_8);
        assertThat(answer.statusCode()).as(body).isEqualTo(status);
        assertThat(body).contains("\"code\":\"" + code + "\"");
    }

    /** What a link to {@code path} (account/dm/media/resource) valid until {@code expires} is signed with. */
    private static String sign(String path, long expires) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SIGNING_KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString(mac.doFinal((path + "\n" + expires).getBytes(StandardCharsets.UTF_8)));
    }
}
