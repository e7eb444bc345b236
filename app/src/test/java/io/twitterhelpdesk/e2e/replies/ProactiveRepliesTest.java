package io.twitterhelpdesk.e2e.replies;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.twitterhelpdesk.sandbox.DirectMessageRef;
import io.twitterhelpdesk.sandbox.SentDirectMessage;
import io.twitterhelpdesk.sandbox.TwitterSandbox;
import io.twitterhelpdesk.e2e.support.ApiFlavour;
import io.twitterhelpdesk.e2e.support.ConnectorHarness;
import io.twitterhelpdesk.e2e.support.EnvelopeSchemaCheck;
import io.twitterhelpdesk.e2e.support.ReplyApi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Proactive DMs ({@code "mode":"proactive"}) end to end: REST API -> reply queue -> Twitter asked whether the
 * customer accepts the DM (v1.1 {@code friendships/show}) -> sent, or rejected {@code recipient_does_not_accept_dms}
 * with nothing sent; and Twitter's own refusal (349) of an ordinary DM reply mapped to the same reason.
 * {@link ProactiveRepliesV2Test} runs the same over X API v2 ({@code GET /2/users/:id}).
 */
class ProactiveRepliesTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dataDir;
    private ConnectorHarness harness;
    private TwitterSandbox sandbox;
    private ReplyApi api;

    ApiFlavour api() {
        return ApiFlavour.V1_1;
    }

    /** The sandbox endpoint the connector asks before a proactive DM. */
    String relationshipKey() {
        return "friendships_show";
    }

    @BeforeEach
    void start() throws Exception {
        harness = new ConnectorHarness(dataDir, api());
        harness.properties.put("api.keys", ReplyApi.API_KEY);
        harness.properties.put("outbound.retry-delay", "100");
        harness.start();
        sandbox = harness.sandbox;
        api = new ReplyApi(harness.apiBaseUrl());
    }

    @AfterEach
    void stop() throws Exception {
        harness.close();
    }

    @Test
    void proactiveDirectMessageToAFollowerIsSent() throws Exception {
        long paula = sandbox.createUser("paula", "Paula").id();
        sandbox.setAcceptsDirectMessages("paula", false);
        sandbox.follow("paula", "acme_support");

        assertThat(api.post("p-1", "twitter:dm:42:" + paula, "Your replacement ships today", "proactive", WAIT))
                .isEqualTo(202);
        JsonNode status = api.finalStatus("p-1", WAIT);

        assertThat(status.path("status").asText()).as(status.toString()).isEqualTo("sent");
        List<SentDirectMessage> sent = sandbox.sentDirectMessages();
        assertThat(sent).singleElement().satisfies(dm -> {
            assertThat(dm.fromScreenName()).isEqualTo("acme_support");
            assertThat(dm.recipientId()).isEqualTo(paula);
            assertThat(dm.text()).isEqualTo("Your replacement ships today");
            assertThat(status.path("twitterId").asText()).isEqualTo(Long.toString(dm.id()));
        });
        assertThat(sandbox.requestCount(relationshipKey())).isEqualTo(1);
    }

    @Test
    void proactiveDirectMessageToANonFollowerWhoAcceptsDirectMessagesFromAnyoneIsSent() throws Exception {
        long quinn = sandbox.createUser("quinn", "Quinn").id();

        api.post("p-2", "twitter:dm:43:" + quinn, "A question about your order", "proactive", WAIT);

        assertThat(api.finalStatus("p-2", WAIT).path("status").asText()).isEqualTo("sent");
        assertThat(sandbox.sentDirectMessages()).singleElement()
                .satisfies(dm -> assertThat(dm.fromScreenName()).isEqualTo("acme_sales"));
    }

    @Test
    void proactiveDirectMessageToAUserWhoAcceptsNeitherIsRejectedAndNothingIsSent() throws Exception {
        long rita = sandbox.createUser("rita", "Rita").id();
        sandbox.setAcceptsDirectMessages("rita", false);

        api.post("p-3", "twitter:dm:42:" + rita, "Hello from ACME", "proactive", WAIT);
        JsonNode status = api.finalStatus("p-3", WAIT);

        assertThat(status.path("status").asText()).isEqualTo("rejected");
        assertThat(status.path("error").path("code").asText()).isEqualTo("recipient_does_not_accept_dms");
        assertThat(status.path("error").path("message").asText()).contains(Long.toString(rita), "acme_support");
        assertThat(sandbox.sentDirectMessages()).isEmpty();
        assertThat(sandbox.requestCount(api().dmSendKey)).as("no send attempted").isZero();
    }

    @Test
    void ordinaryReplyTwitterRefusesBecauseTheCustomerNoLongerAcceptsDirectMessagesIsRejectedWithTheSameReason()
            throws Exception {
        DirectMessageRef dm = sandbox.injectDirectMessage("sam", "acme_support", "hi", List.of());
        String key = "twitter:dm:42:" + dm.senderId();
        assertThat(api.post("n-0", key, "first answer", null, WAIT)).isEqualTo(202);
        assertThat(api.finalStatus("n-0", WAIT).path("status").asText()).isEqualTo("sent");
        sandbox.setAcceptsDirectMessages("sam", false);

        api.post("n-1", key, "second answer", null, WAIT);
        JsonNode status = api.finalStatus("n-1", WAIT);

        assertThat(status.path("status").asText()).as(status.toString()).isEqualTo("rejected");
        assertThat(status.path("error").path("code").asText()).isEqualTo("recipient_does_not_accept_dms");
        assertThat(sandbox.sentDirectMessages()).extracting(SentDirectMessage::text).containsExactly("first answer");
        assertThat(sandbox.requestCount(relationshipKey())).as("an ordinary reply is not looked up first").isZero();
    }

    @Test
    void badProactiveRequestsAreRefusedWithAClearReason() throws Exception {
        long tara = sandbox.createUser("tara", "Tara").id();

        HttpResponse<String> thread = api.postBody("{\"replyId\":\"b-1\",\"conversationKey\":\"twitter:thread:5\","
                + "\"text\":\"hi\",\"mode\":\"proactive\"}");
        HttpResponse<String> otherAccount = api.postBody("{\"replyId\":\"b-2\",\"conversationKey\":\"twitter:dm:42:"
                + tara + "\",\"text\":\"hi\",\"mode\":\"proactive\",\"accountId\":\"43\"}");
        HttpResponse<String> unknownAccount = api.postBody("{\"replyId\":\"b-3\",\"conversationKey\":\"twitter:dm:77:"
                + tara + "\",\"text\":\"hi\",\"mode\":\"proactive\"}");
        HttpResponse<String> badMode = api.postBody("{\"replyId\":\"b-4\",\"conversationKey\":\"twitter:dm:42:"
                + tara + "\",\"text\":\"hi\",\"mode\":\"campaign\"}");

        assertProblem(thread, 400, "invalid_conversation_key");
        assertProblem(otherAccount, 400, "invalid_account_id");
        assertProblem(unknownAccount, 422, "unknown_account");
        assertProblem(badMode, 400, "invalid_mode");
        assertThat(sandbox.sentDirectMessages()).isEmpty();
    }

    private static void assertProblem(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode body = EnvelopeSchemaCheck.parse(response.body());
        assertThat(body.path("error").path("code").asText()).isEqualTo(code);
        assertThat(body.path("error").path("message").asText()).isNotBlank();
    }
}
