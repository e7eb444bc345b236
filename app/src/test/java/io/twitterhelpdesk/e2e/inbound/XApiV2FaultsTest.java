package io.twitterhelpdesk.e2e.inbound;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.twitterhelpdesk.e2e.support.QueueReader.Received;
import io.twitterhelpdesk.inbound.PollGate;
import io.twitterhelpdesk.sandbox.TwitterSandbox;
import io.twitterhelpdesk.xapi.OAuth2Tokens;
import io.twitterhelpdesk.xapi.XApiAnswers;
import io.twitterhelpdesk.xapi.XApiClient;
import io.twitterhelpdesk.e2e.support.ApiFlavour;
import io.twitterhelpdesk.e2e.support.CapturedLog;
import io.twitterhelpdesk.e2e.support.ConnectorHarness;
import io.twitterhelpdesk.e2e.support.EnvelopeSchemaCheck;
import io.twitterhelpdesk.e2e.support.QueueReader;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * X API v2 misbehaving for a v2 account (acme_support, OAuth 2.0): problem bodies, 5xx, unparseable answers, 429,
 * partial errors, and expired or refused OAuth 2.0 tokens. Each failure is a clear log line, and the messages behind
 * it are delivered once.
 */
class XApiV2FaultsTest {

    private static final String QUEUE = "twitter.inbound";
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dataDir;
    private ConnectorHarness harness;
    private TwitterSandbox sandbox;
    private QueueReader queue;
    private CapturedLog gateLog;
    private CapturedLog answerLog;
    private CapturedLog tokenLog;
    private CapturedLog clientLog;

    @BeforeEach
    void start() throws Exception {
        harness = new ConnectorHarness(dataDir, ApiFlavour.V2);
        harness.properties.put("twitter.accounts", "acme_support");
        gateLog = CapturedLog.of(PollGate.class);
        answerLog = CapturedLog.of(XApiAnswers.class);
        tokenLog = CapturedLog.of(OAuth2Tokens.class);
        clientLog = CapturedLog.of(XApiClient.class);
        harness.start();
        sandbox = harness.sandbox;
        queue = harness.jms();
    }

    @AfterEach
    void stop() throws Exception {
        harness.close();
        gateLog.close();
        answerLog.close();
        tokenLog.close();
        clientLog.close();
    }

    private List<String> texts(List<Received> got) {
        return got.stream().map(r -> EnvelopeSchemaCheck.parse(r.body()).path("text").asText()).toList();
    }

    @Test
    void problemBodiesServerErrorsAndUnparseableAnswersDelayButDoNotSkipOrRepeat() throws Exception {
        sandbox.failNext("v2_dm_events", 503, "{\"title\":\"Service Unavailable\",\"detail\":\"Service Unavailable\","
                + "\"type\":\"about:blank\",\"status\":503}", 2);
        sandbox.failNext("v2_mentions", 200, "{\"data\":[{\"id\":", 1);
        sandbox.failNext("v2_mentions", 403, "{\"title\":\"Forbidden\",\"detail\":\"When authenticating requests to "
                + "the Twitter API v2 endpoints, you must use keys and tokens from a Twitter developer App that is "
                + "attached to a Project.\",\"type\":\"https://api.twitter.com/2/problems/client-forbidden\","
                + "\"status\":403}", 1);
        sandbox.injectDirectMessage("alice", "acme_support", "are you there?", List.of());
        sandbox.injectMention("alice", "@acme_support hello?", null, List.of());

        List<Received> got = queue.receive(QUEUE, 2, WAIT);
        got.addAll(queue.drain(QUEUE, Duration.ofSeconds(1)));

        assertThat(texts(got)).containsExactlyInAnyOrder("are you there?", "@acme_support hello?");
        assertThat(gateLog.lines()).filteredOn(l -> l.level() == Level.WARN).hasSize(4)
                .allSatisfy(l -> assertThat(l.hasStackTrace()).isFalse());
        assertThat(gateLog.lines()).extracting(CapturedLog.Line::message)
                .anySatisfy(m -> assertThat(m).contains("dm", "acme_support", "HTTP 503", "Service Unavailable"))
                .anySatisfy(m -> assertThat(m).contains("mention", "acme_support", "HTTP 403",
                        "attached to a Project"))
                .anySatisfy(m -> assertThat(m).contains("mention", "acme_support", "unreadable answer"));
    }

    @Test
    void rateLimitWaitsForTheWindowReset() throws Exception {
        assertThat(queue.receive(QUEUE, 1, Duration.ofMillis(500))).isEmpty();
        Instant reset = Instant.now().plusSeconds(3);
        sandbox.failNextWithRateLimit("v2_dm_events", reset, 1);
        int before = sandbox.requestCount("v2_dm_events");
        sandbox.injectDirectMessage("carol", "acme_support", "waiting for the window", List.of());

        List<Received> got = queue.receive(QUEUE, 1, WAIT);

        assertThat(got).hasSize(1);
        assertThat(Instant.now()).isAfterOrEqualTo(reset.minusMillis(1000));
        assertThat(sandbox.requestCount("v2_dm_events") - before).isLessThanOrEqualTo(3);
        assertThat(gateLog.lines()).extracting(CapturedLog.Line::message)
                .anySatisfy(m -> assertThat(m).contains("rate limit", "HTTP 429").doesNotContain("code -1"));
    }

    @Test
    void partialErrorsDropOnlyTheMessageWhoseSenderIsGone() throws Exception {
        assertThat(queue.receive(QUEUE, 1, Duration.ofMillis(500))).isEmpty();
        harness.connector().context().getRouteController().stopRoute("account-poll");
        sandbox.injectDirectMessage("gone_customer", "acme_support", "I am about to leave", List.of());
        sandbox.injectDirectMessage("dora", "acme_support", "still here", List.of());
        sandbox.deactivateUser("gone_customer");
        harness.connector().context().getRouteController().startRoute("account-poll");

        List<Received> got = queue.receive(QUEUE, 1, WAIT);
        got.addAll(queue.drain(QUEUE, Duration.ofSeconds(1)));

        assertThat(texts(got)).containsExactly("still here");
        assertThat(answerLog.lines()).extracting(CapturedLog.Line::message)
                .anySatisfy(m -> assertThat(m).contains("dm_events", "partial errors", "Could not find user"));
    }

    @Test
    void expiredAccessTokenIsRefreshedOnceAndNothingIsLost() throws Exception {
        sandbox.injectDirectMessage("erin", "acme_support", "first", List.of());
        assertThat(queue.receive(QUEUE, 1, WAIT)).hasSize(1);
        int refreshes = sandbox.requestCount("v2_oauth2_token");

        sandbox.expireOAuth2AccessTokens();
        sandbox.injectDirectMessage("erin", "acme_support", "after expiry", List.of());

        List<Received> got = queue.receive(QUEUE, 1, WAIT);
        got.addAll(queue.drain(QUEUE, Duration.ofSeconds(1)));
        assertThat(texts(got)).containsExactly("after expiry");
        // both pollers met the 401; one refresh served them (the other found the token already replaced)
        assertThat(sandbox.requestCount("v2_oauth2_token") - refreshes).isEqualTo(1);
        assertThat(tokenLog.lines()).extracting(CapturedLog.Line::message)
                .anySatisfy(m -> assertThat(m).contains("acme_support", "401", "refreshing"));
    }

    @Test
    void refusedRefreshFailsLoudlyAndRecoversWhenTheTokenEndpointDoes() throws Exception {
        sandbox.injectDirectMessage("finn", "acme_support", "first", List.of());
        assertThat(queue.receive(QUEUE, 1, WAIT)).hasSize(1);

        sandbox.failNext("v2_oauth2_token", 400, "{\"error\":\"invalid_request\",\"error_description\":"
                + "\"Value passed for the token was invalid.\"}", 2);
        sandbox.expireOAuth2AccessTokens();
        sandbox.injectDirectMessage("finn", "acme_support", "during the outage", List.of());

        List<Received> got = queue.receive(QUEUE, 1, WAIT);
        got.addAll(queue.drain(QUEUE, Duration.ofSeconds(1)));
        assertThat(texts(got)).containsExactly("during the outage");
        assertThat(tokenLog.lines()).filteredOn(l -> l.level() == Level.ERROR)
                .extracting(CapturedLog.Line::message)
                .anySatisfy(m -> assertThat(m).contains("acme_support", "HTTP 400",
                        "Value passed for the token was invalid.", "oauth2-refresh-token"));
        // secrets never reach the log
        List<String> all = tokenLog.lines().stream().map(CapturedLog.Line::message).toList();
        assertThat(String.join("\n", all)).doesNotContain(ApiFlavour.CLIENT_SECRET,
                harness.properties.get("twitter.account.acme_support.oauth2-refresh-token"));
    }

    @Test
    void aFreshTokenRefusedAgainIsAnErrorAndThePollIsRetriedLater() throws Exception {
        sandbox.injectDirectMessage("ivy", "acme_support", "first", List.of());
        assertThat(queue.receive(QUEUE, 1, WAIT)).hasSize(1);
        int refreshes = sandbox.requestCount("v2_oauth2_token");

        String unauthorized = "{\"title\":\"Unauthorized\",\"type\":\"about:blank\",\"status\":401,"
                + "\"detail\":\"Unauthorized\"}";
        sandbox.failNext("v2_dm_events", 401, unauthorized, 2);
        sandbox.injectDirectMessage("ivy", "acme_support", "behind two 401s", List.of());

        List<Received> got = queue.receive(QUEUE, 1, WAIT);
        got.addAll(queue.drain(QUEUE, Duration.ofSeconds(1)));
        assertThat(texts(got)).containsExactly("behind two 401s");
        // refreshed once, not in a loop; the second refusal is an ERROR naming what to check
        assertThat(sandbox.requestCount("v2_oauth2_token") - refreshes).isEqualTo(1);
        assertThat(clientLog.lines()).filteredOn(l -> l.level() == Level.ERROR).extracting(CapturedLog.Line::message)
                .singleElement().satisfies(m -> assertThat(m).contains("acme_support", "401", "authorise it again"));
        assertThat(gateLog.lines()).extracting(CapturedLog.Line::message)
                .anySatisfy(m -> assertThat(m).contains("dm", "acme_support", "HTTP 401", "Unauthorized"));
    }

    @Test
    void mentionThreadComesFromTheConversationId() throws Exception {
        var opening = sandbox.injectMention("gail", "@acme_support my parcel", null, List.of());
        assertThat(queue.receive(QUEUE, 1, WAIT)).hasSize(1);
        var other = sandbox.injectMention("hank", "@gail @acme_support same here", opening.id(), List.of());

        List<Received> got = queue.receive(QUEUE, 1, WAIT);

        JsonNode envelope = EnvelopeSchemaCheck.parse(got.get(0).body());
        assertThat(envelope.path("id").asText()).isEqualTo("tweet:" + other.id());
        assertThat(envelope.path("conversationKey").asText()).isEqualTo("twitter:thread:" + opening.id());
        assertThat(envelope.path("inReplyToTweetId").asText()).isEqualTo(Long.toString(opening.id()));
    }
}
