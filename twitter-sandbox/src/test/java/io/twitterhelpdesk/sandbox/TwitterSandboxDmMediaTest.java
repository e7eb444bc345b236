package io.twitterhelpdesk.sandbox;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The file attached to a DM, as X serves it: to an authenticated participant only (401 without credentials, 403 to
 * another user, 404 for a file it does not have), linked in the DM as {@code ton.twitter.com} links it.
 */
class TwitterSandboxDmMediaTest {

    private static final byte[] GIF = "GIF89a-sandbox-test-file".getBytes(StandardCharsets.US_ASCII);

    private TwitterSandbox sandbox;

    @BeforeEach
    void start() {
        sandbox = new TwitterSandbox().start();
        sandbox.registerAccount(42, "acme_support", "ACME Support", "ck", "cs", "at-42", "ats-42");
        sandbox.registerAccount(43, "acme_sales", "ACME Sales", "ck", "cs", "at-43", "ats-43");
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @Test
    void onlyTheDmsParticipantsGetTheFile() throws Exception {
        DirectMessageRef dm = sandbox.injectDirectMessageWithFile("alice", "acme_support", "look",
                new AttachedFile("photo", "image/gif", GIF, null));
        V2TestClient support = V2TestClient.oauth1(sandbox, "ck", "cs", "at-42", "ats-42");
        String mediaUrl = support.get("dm_events?dm_event.fields=attachments&expansions=attachments.media_keys"
                + "&media.fields=url,type").json().path("includes").path("media").get(0).path("url").asText();
        assertThat(mediaUrl).startsWith("https://ton.twitter.com/1.1/ton/data/dm/" + dm.id() + "/").endsWith(".gif");
        String path = "dm_conversations/media/" + mediaUrl.substring(mediaUrl.indexOf("/dm/") + 4);

        V2TestClient.Response mine = support.get(path);
        V2TestClient.Response anonymous = V2TestClient.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(sandbox.v2BaseUrl() + path)).GET().build());
        V2TestClient.Response other = V2TestClient.oauth1(sandbox, "ck", "cs", "at-43", "ats-43").get(path);
        V2TestClient.Response unknown = support.get(path.replaceAll("\\.gif$", ".png"));

        assertThat(mine.status()).isEqualTo(200);
        assertThat(mine.header("Content-Type")).isEqualTo("image/gif");
        assertThat(mine.body()).isEqualTo(new String(GIF, StandardCharsets.US_ASCII));
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(other.status()).isEqualTo(403);
        assertThat(other.json().path("detail").asText()).contains("not a participant");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(sandbox.requestCount("v2_dm_media")).isEqualTo(4);
    }
}
