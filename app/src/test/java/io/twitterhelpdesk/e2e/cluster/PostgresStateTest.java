package io.twitterhelpdesk.e2e.cluster;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.twitterhelpdesk.e2e.support.TestHttp;
import io.twitterhelpdesk.conversation.ConversationLifecycle;
import io.twitterhelpdesk.conversation.ConversationLifecycle.Placement;

import io.twitterhelpdesk.conversation.MutableClock;
import io.twitterhelpdesk.e2e.support.QueueReader.Received;
import io.twitterhelpdesk.outbound.DailySendBudget;
import io.twitterhelpdesk.outbound.ReplyDecision;
import io.twitterhelpdesk.state.StateDatabase;
import io.twitterhelpdesk.sandbox.DirectMessageRef;
import io.twitterhelpdesk.e2e.support.ConnectorHarness;
import io.twitterhelpdesk.e2e.support.EnvelopeSchemaCheck;
import io.twitterhelpdesk.e2e.support.FreePorts;
import io.twitterhelpdesk.e2e.support.PostgresServer;
import io.twitterhelpdesk.e2e.support.ReplyApi;
import io.twitterhelpdesk.e2e.support.StubHelpdesk;
import io.twitterhelpdesk.e2e.support.TestAccounts;
import io.twitterhelpdesk.e2e.support.WebhookCalls;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The connector with its state on a real PostgreSQL server (state.url): Flyway creates the schema, and polling,
 * dedup, the webhook, replies, HTTP delivery, conversation close and a restart behave as on H2.
 */
class PostgresStateTest {

    private static final String INBOUND = "twitter.inbound";
    private static final String HELPDESK_QUEUE = "helpdesk.stub.in";
    private static final Duration WAIT = Duration.ofSeconds(20);

    private static PostgresServer postgres;

    @TempDir
    Path dataDir;
    private ConnectorHarness harness;
    private StubHelpdesk helpdesk;

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = PostgresServer.start();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        postgres.close();
    }

    @AfterEach
    void stop() throws Exception {
        if (harness != null) {
            harness.close();
        }
        if (helpdesk != null) {
            helpdesk.close();
        }
    }

    @Test
    void dailySendBudgetCountsOnPostgresql() throws Exception {
        StateDatabase database = new StateDatabase(postgres.newDatabase("budget"), PostgresServer.USER, "");
        database.start();
        try {
            MutableClock clock = new MutableClock(Instant.parse("2026-11-22T00:00:00Z"));
            DailySendBudget budget = new DailySendBudget(database.dataSource(), clock,
                    DailySendBudget.everyAccount(Map.of(ReplyDecision.Mode.DM, 1)));

            assertThat(budget.take("acme_support", ReplyDecision.Mode.DM, "pg-1")).isEmpty();
            assertThat(budget.take("acme_support", ReplyDecision.Mode.DM, "pg-2")).hasValueSatisfying(m ->
                    assertThat(m).contains("daily budget (1)", "2026-11-23T00:00:00Z"));
            clock.advance(Duration.ofHours(24).plusSeconds(1));
            assertThat(budget.take("acme_support", ReplyDecision.Mode.DM, "pg-2")).isEmpty();
        } finally {
            database.stop();
        }
    }

    @Test
    void everyStoreWorksOnPostgresqlAndARestartDeliversNothingTwice() throws Exception {
        helpdesk = new StubHelpdesk(FreePorts.next());
        harness = new ConnectorHarness(dataDir);
        harness.properties.put("state.url", postgres.newDatabase("state"));
        harness.properties.put("state.user", PostgresServer.USER);
        harness.properties.put("state.password", "");
        harness.properties.put("helpdesk.http.helpdesks", "stub");
        harness.properties.put("helpdesk.http.stub.queue", HELPDESK_QUEUE);
        harness.properties.put("helpdesk.http.stub.create.url", helpdesk.url() + "/tickets");
        harness.properties.put("helpdesk.http.stub.ticket-id-path", "$.ticket.id");
        harness.properties.put("helpdesk.http.stub.append.url", helpdesk.url() + "/tickets/{ticketId}");
        harness.properties.put("helpdesk.http.stub.append.method", "PUT");
        harness.start();

        DirectMessageRef dm = harness.sandbox.injectDirectMessage("alice", "acme_support", "on PostgreSQL", List.of());
        harness.sandbox.injectMention("bob", "@acme_sales hello", null, List.of());
        List<Received> got = harness.jms().receive(INBOUND, 2, WAIT);
        assertThat(got).hasSize(2);
        assertThat(new WebhookCalls("cs-test").push(harness.apiBaseUrl() + "/webhooks/twitter",
                WebhookCalls.dmEvent(TestAccounts.SUPPORT_ID, dm.id(), dm.senderId(), "alice", "on PostgreSQL")))
                .isEqualTo(200);
        ReplyApi replies = new ReplyApi(harness.apiBaseUrl());
        String conversation = "twitter:dm:" + TestAccounts.SUPPORT_ID + ":" + dm.senderId();
        assertThat(replies.post("pg-1", conversation, "Stored in PostgreSQL", null, WAIT)).isEqualTo(202);
        assertThat(replies.finalStatus("pg-1", WAIT).path("status").asText()).isEqualTo("sent");
        assertThat(replies.post("pg-1", conversation, "Stored in PostgreSQL", null, WAIT)).as("seen before")
                .isEqualTo(200);
        for (Received r : got) {
            harness.jms().send(HELPDESK_QUEUE, r.body());
        }
        awaitTickets(2);

        harness.jms().close();
        harness.connector().close();
        harness.start();
        harness.sandbox.injectDirectMessage("alice", "acme_support", "after the restart", List.of());
        List<Received> after = harness.jms().receive(INBOUND, 1, WAIT);
        after.addAll(harness.jms().drain(INBOUND, Duration.ofSeconds(2)));

        assertThat(after).extracting(r -> EnvelopeSchemaCheck.parse(r.body()).path("text").asText())
                .containsExactly("after the restart");
        assertThat(harness.sandbox.sentDirectMessages()).hasSize(1);
        harness.jms().send(HELPDESK_QUEUE, after.get(0).body());
        awaitRequests(3);
        assertThat(helpdesk.requests().get(2).method()).as("the same conversation's ticket, from PostgreSQL")
                .isEqualTo("PUT");
    }

    @Test
    void conversationsEndAndReopenOnPostgresqlAndConcurrentFirstMessagesOpenOneConversation() throws Exception {
        String url = postgres.newDatabase("lifecycle");
        harness = new ConnectorHarness(dataDir);
        harness.properties.put("state.url", url);
        harness.properties.put("state.user", PostgresServer.USER);
        harness.properties.put("state.password", "");
        harness.start();

        DirectMessageRef first = harness.sandbox.injectDirectMessage("alice", "acme_support", "hello", List.of());
        String key = "twitter:dm:" + TestAccounts.SUPPORT_ID + ":" + first.senderId();
        JsonNode opened = EnvelopeSchemaCheck.parse(harness.jms().receive(INBOUND, 1, WAIT).get(0).body());
        assertThat(opened.path("conversationId").asText()).isEqualTo(key + "@dm:" + first.id());
        assertThat(close(key).path("alreadyClosed").asBoolean()).isFalse();
        assertThat(close(key).path("alreadyClosed").asBoolean()).isTrue();
        DirectMessageRef after = harness.sandbox.injectDirectMessage("alice", "acme_support", "again", List.of());
        JsonNode reopened = EnvelopeSchemaCheck.parse(harness.jms().receive(INBOUND, 1, WAIT).get(0).body());
        assertThat(reopened.path("conversationId").asText()).isEqualTo(key + "@dm:" + after.id());
        assertThat(reopened.path("newConversation").asBoolean()).isTrue();

        // the row lock (SELECT ... FOR UPDATE) and the duplicate-key retry, on PostgreSQL: 8 first messages of one
        // new key at once open one conversation
        PGSimpleDataSource pg = new PGSimpleDataSource();
        pg.setUrl(url);
        pg.setUser(PostgresServer.USER);
        ConversationLifecycle lifecycle = new ConversationLifecycle(pg, java.time.Clock.systemUTC(), Duration.ofHours(24));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<Placement>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                long id = 5000 + i;
                results.add(pool.submit(() -> {
                    go.await();
                    return lifecycle.arrived("twitter:dm:42:4242", id, "dm:" + id, Instant.now());
                }));
            }
            go.countDown();
            List<Placement> placements = new ArrayList<>();
            for (Future<Placement> f : results) {
                placements.add(f.get(30, TimeUnit.SECONDS));
            }
            assertThat(placements).extracting(Placement::conversationId).containsOnly(
                    lifecycle.currentConversationId("twitter:dm:42:4242").orElseThrow());
            assertThat(placements).filteredOn(Placement::newConversation).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
    }

    private JsonNode close(String key) throws Exception {
        HttpResponse<String> answer = TestHttp.client().send(HttpRequest.newBuilder(
                        URI.create(harness.apiBaseUrl() + "/api/v1/conversations/" + key + "/close"))
                .header("X-API-Key", ReplyApi.API_KEY).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(200);
        return new ObjectMapper().readTree(answer.body());
    }

    private void awaitTickets(int count) throws InterruptedException {
        long until = System.nanoTime() + WAIT.toNanos();
        while (helpdesk.ticketsCreated().size() < count && System.nanoTime() < until) {
            Thread.sleep(50);
        }
        assertThat(helpdesk.ticketsCreated()).hasSize(count);
    }

    private void awaitRequests(int count) throws InterruptedException {
        long until = System.nanoTime() + WAIT.toNanos();
        while (helpdesk.requests().size() < count && System.nanoTime() < until) {
            Thread.sleep(50);
        }
        assertThat(helpdesk.requests()).hasSize(count);
    }
}
