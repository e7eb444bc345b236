package io.twitterhelpdesk.e2e.replies;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.twitterhelpdesk.sandbox.DirectMessageRef;
import io.twitterhelpdesk.sandbox.TwitterSandbox;
import io.twitterhelpdesk.e2e.support.ConnectorHarness;
import io.twitterhelpdesk.e2e.support.ReplyApi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The daily per-account send budget end to end, with a tiny budget: DMs beyond it are rejected
 * {@code daily_limit_reached} (final, nothing sent), proactive ones as well, the other account keeps its own budget,
 * and the count survives a restart of the connector (it is kept in the state database).
 */
class DailySendBudgetE2ETest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dataDir;
    private ConnectorHarness harness;
    private TwitterSandbox sandbox;
    private ReplyApi api;

    @BeforeEach
    void start() throws Exception {
        harness = new ConnectorHarness(dataDir);
        harness.properties.put("api.keys", ReplyApi.API_KEY);
        harness.properties.put("outbound.dm.daily-budget", "2");
        harness.properties.put("twitter.account.acme_sales.dm-daily-budget", "3");
        harness.start();
        sandbox = harness.sandbox;
        api = new ReplyApi(harness.apiBaseUrl());
    }

    @AfterEach
    void stop() throws Exception {
        harness.close();
    }

    @Test
    void sendsBeyondTheDailyBudgetAreRejectedAlsoAfterARestartAndPerAccount() throws Exception {
        DirectMessageRef dm = sandbox.injectDirectMessage("vera", "acme_support", "hello", List.of());
        String key = "twitter:dm:42:" + dm.senderId();
        assertThat(harness.jms().receive("twitter.inbound", 1, WAIT)).hasSize(1);
        for (int i = 1; i <= 2; i++) {
            api.post("d-" + i, key, "answer " + i, null, WAIT);
            assertThat(api.finalStatus("d-" + i, WAIT).path("status").asText()).isEqualTo("sent");
        }

        api.post("d-3", key, "one over the budget", null, WAIT);
        JsonNode over = api.finalStatus("d-3", WAIT);

        assertThat(over.path("status").asText()).isEqualTo("rejected");
        assertThat(over.path("error").path("code").asText()).isEqualTo("daily_limit_reached");
        assertThat(over.path("error").path("message").asText()).contains("acme_support", "daily budget (2)");

        harness.restart(Map.of());
        api = new ReplyApi(harness.apiBaseUrl());
        long wes = sandbox.createUser("wes", "Wes").id();
        api.post("d-4", key, "after the restart", null, WAIT);
        api.post("d-5", "twitter:dm:42:" + wes, "proactive, same account", "proactive", WAIT);
        api.post("d-6", "twitter:dm:43:" + wes, "proactive, the other account", "proactive", WAIT);

        assertThat(api.finalStatus("d-4", WAIT).path("error").path("code").asText()).isEqualTo("daily_limit_reached");
        assertThat(api.finalStatus("d-5", WAIT).path("error").path("code").asText()).isEqualTo("daily_limit_reached");
        assertThat(api.finalStatus("d-6", WAIT).path("status").asText()).isEqualTo("sent");
        assertThat(sandbox.sentDirectMessages()).hasSize(3);
        assertThat(sandbox.requestCount("friendships_show")).as("no lookup for a send the budget stops").isEqualTo(1);
    }
}
