package io.twitterhelpdesk.e2e.delivery;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import com.fasterxml.jackson.databind.JsonNode;
import io.twitterhelpdesk.e2e.support.ManagementCalls.Health;
import io.twitterhelpdesk.e2e.support.StubHelpdesk.Request;
import io.twitterhelpdesk.e2e.support.CapturedLog;
import io.twitterhelpdesk.e2e.support.ConnectorHarness;
import io.twitterhelpdesk.e2e.support.EnvelopeSchemaCheck;
import io.twitterhelpdesk.e2e.support.FreePorts;
import io.twitterhelpdesk.e2e.support.ManagementCalls;
import io.twitterhelpdesk.e2e.support.RunningConnector;
import io.twitterhelpdesk.e2e.support.SelfSignedTls;
import io.twitterhelpdesk.e2e.support.StubHelpdesk;
import io.twitterhelpdesk.e2e.support.TestAccounts;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An HTTP helpdesk's configuration checked at start, as an admin meets it: a missing template, a URL that does not
 * parse or credentials the helpdesk refuses stop the start with the key named (or, with on-start-failure = down,
 * leave only that helpdesk out, DOWN in health); a helpdesk unreachable at start is a WARN and DOWN until its probe
 * answers; a header template carries the token the way Request Tracker wants it.
 */
class HelpdeskStartChecksTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String TOKEN = "s3cret-rt-token";

    @TempDir
    Path dir;
    private StubHelpdesk helpdesk;
    private ConnectorHarness harness;
    private CapturedLog log;

    @BeforeEach
    void stub() {
        helpdesk = new StubHelpdesk(FreePorts.next());
        helpdesk.requireAuthorization("token " + TOKEN);
        log = CapturedLog.of("io.twitterhelpdesk.delivery");
    }

    @AfterEach
    void stop() throws Exception {
        try {
            if (harness != null) {
                harness.close();
            }
        } finally {
            helpdesk.close();
            log.close();
        }
    }

    @Test
    void aMissingTemplateRefusesTheStartNamingTheKey() {
        Map<String, String> p = refusalProperties();
        rt(p, "rt");
        Path missing = dir.resolve("rt-create.jsonata");
        p.put("helpdesk.http.rt.create.template", "file:" + missing);

        assertThat(RunningConnector.refusal(p)).hasMessageStartingWith("helpdesk.http.rt.create.template: template file:" + missing
                + " does not exist");
        assertThat(helpdesk.requests()).isEmpty();
    }

    @Test
    void aUrlThatDoesNotParseRefusesTheStartNamingTheKey() {
        Map<String, String> p = refusalProperties();
        rt(p, "rt");
        p.put("helpdesk.http.rt.append.url", "https://rt example.com/REST/2.0/ticket/{ticketId}/correspond");

        assertThat(RunningConnector.refusal(p)).hasMessageStartingWith("helpdesk.http.rt.append.url is not a URL: "
                + "'https://rt example.com/REST/2.0/ticket/{ticketId}/correspond'");
    }

    @Test
    void credentialsTheProbeFindsRefusedStopTheStartNamingTheHelpdeskAndTheKey() {
        Map<String, String> p = refusalProperties();
        rt(p, "rt");
        p.put("helpdesk.http.rt.auth.token", "expired-token-123");

        Throwable refusal = RunningConnector.refusal(p);

        assertThat(refusal).hasMessageStartingWith("HTTP helpdesk rt: GET " + helpdesk.url() + "/me "
                        + "(helpdesk.http.rt.probe-url) answered 401")
                .hasMessageContaining("the helpdesk refuses the connector's credentials")
                .hasMessageContaining("check helpdesk.http.rt.auth.token")
                .hasMessageNotContaining("expired-token-123");
        assertThat(helpdesk.requests()).extracting(Request::method, Request::path)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("GET", "/me"));
    }

    @Test
    void aHeaderTemplateSendsAuthorizationTokenToTheProbeAndEveryCall() throws Exception {
        harness = new ConnectorHarness(dir.resolve("data"));
        rt(harness.properties, "rt");
        harness.start();

        harness.jms().send("twitter.inbound", envelope("dm:901", "twitter:dm:42:7"));
        await(() -> helpdesk.requests().size() >= 2);

        List<Request> requests = helpdesk.requests();
        assertThat(requests).extracting(r -> r.method() + " " + r.path()).containsExactly("GET /me", "POST /tickets");
        assertThat(requests).allSatisfy(r -> assertThat(r.header("Authorization")).isEqualTo("token " + TOKEN));
        assertThat(helpdesk.ticketsCreated()).containsExactly(1);
        Health health = new ManagementCalls(harness.managementBaseUrl()).awaitHealth("", 200, WAIT);
        assertThat(health.check("helpdesk-rt")).hasValueSatisfying(c -> {
            assertThat(c.path("status").asText()).isEqualTo("UP");
            assertThat(c.path("data").path("lastProbeStatus").asInt()).isEqualTo(200);
            assertThat(c.path("data").path("delivering").asBoolean()).isTrue();
            assertThat(c.path("data").path("circuit").asText()).isEqualTo("CLOSED");
        });
        assertThat(log.lines()).noneMatch(l -> l.message().contains(TOKEN));
        assertThat(log.lines()).extracting(CapturedLog.Line::message).as("a 2xx answer is not logged: it may be the "
                + "agent's user record").contains("HTTP helpdesk rt: GET " + helpdesk.url()
                + "/me (helpdesk.http.rt.probe-url) answered 200");
    }

    @Test
    void onStartFailureDownLeavesOnlyTheBrokenHelpdesksOutAndShowsThemDown() throws Exception {
        harness = new ConnectorHarness(dir.resolve("data"));
        Map<String, String> p = harness.properties;
        p.put("helpdesk.http.helpdesks", "rt,notemplate,oldtoken");
        rt(p, "rt");
        rt(p, "notemplate");
        p.put("helpdesk.http.notemplate.queue", "helpdesk.notemplate");
        p.put("helpdesk.http.notemplate.on-start-failure", "down");
        p.put("helpdesk.http.notemplate.create.template", "file:" + dir.resolve("missing.jsonata"));
        rt(p, "oldtoken");
        p.put("helpdesk.http.oldtoken.queue", "helpdesk.oldtoken");
        p.put("helpdesk.http.oldtoken.on-start-failure", "down");
        p.put("helpdesk.http.oldtoken.auth.token", "expired-token-123");
        p.put("helpdesk.http.probe-url-interval", "1h");
        harness.start();
        ManagementCalls management = new ManagementCalls(harness.managementBaseUrl());

        harness.jms().send("helpdesk.oldtoken", envelope("dm:911", "twitter:dm:42:8"));
        harness.jms().send("twitter.inbound", envelope("dm:912", "twitter:dm:42:9"));
        await(() -> helpdesk.ticketsCreated().size() == 1);
        Health health = management.awaitHealth("", 503, WAIT);

        assertThat(harness.connector().context().getRoute("helpdesk-http-rt")).isNotNull();
        assertThat(harness.connector().context().getRoute("helpdesk-http-notemplate")).isNull();
        assertThat(harness.connector().context().getRoute("helpdesk-http-oldtoken")).isNull();
        assertThat(health.check("helpdesk-rt").map(c -> c.path("status").asText())).hasValue("UP");
        assertThat(health.check("helpdesk-notemplate")).hasValueSatisfying(c -> {
            assertThat(c.path("status").asText()).isEqualTo("DOWN");
            assertThat(c.path("message").asText()).startsWith("helpdesk.http.notemplate.create.template: template ")
                    .contains("not delivered to since the start (on-start-failure = down)")
                    .contains("its messages wait on helpdesk.notemplate");
            assertThat(c.path("data").path("delivering").asBoolean()).isFalse();
            assertThat(c.path("data").has("circuit")).as("a left-out helpdesk has no circuit breaker").isFalse();
        });
        assertThat(health.check("helpdesk-oldtoken")).hasValueSatisfying(c -> {
            assertThat(c.path("status").asText()).isEqualTo("DOWN");
            assertThat(c.path("message").asText()).contains("answered 401")
                    .contains("check helpdesk.http.oldtoken.auth.token").doesNotContain("expired-token-123");
        });
        assertThat(management.health("/ready").status()).as("a helpdesk is no reason to stop routing to the connector")
                .isEqualTo(200);
        String metrics = management.metrics();
        assertThat(ManagementCalls.value(metrics, "twitter_helpdesk_helpdesk_available", "helpdesk=\"rt\""))
                .isEqualTo(1.0);
        assertThat(ManagementCalls.value(metrics, "twitter_helpdesk_helpdesk_available", "helpdesk=\"oldtoken\""))
                .isEqualTo(0.0);
        assertThat(log.lines()).filteredOn(l -> l.level() == Level.ERROR).extracting(CapturedLog.Line::message)
                .anySatisfy(m -> assertThat(m).startsWith("HTTP helpdesk notemplate is not delivered to "
                        + "(helpdesk.http.notemplate.on-start-failure = down): helpdesk.http.notemplate.create.template"))
                .anySatisfy(m -> assertThat(m).startsWith("HTTP helpdesk oldtoken is not delivered to"));
        // the left-out helpdesk's message waits on its queue: not sent, not parked
        assertThat(harness.jms().receive("helpdesk.oldtoken", 1, WAIT)).hasSize(1);
        assertThat(harness.jms().drain("helpdesk.oldtoken.dead-letters", Duration.ofMillis(300))).isEmpty();
        assertThat(helpdesk.requests()).extracting(r -> r.method() + " " + r.path())
                .as("the probes of rt and oldtoken at start (notemplate failed before its probe), then rt's ticket")
                .containsExactly("GET /me", "GET /me", "POST /tickets");
    }

    @Test
    void aHelpdeskUnreachableAtStartIsAWarningAndDownUntilItsProbeAnswers() throws Exception {
        helpdesk.stop();
        harness = new ConnectorHarness(dir.resolve("data"));
        rt(harness.properties, "rt");
        harness.properties.put("helpdesk.http.probe-url-interval", "300");
        harness.start();
        ManagementCalls management = new ManagementCalls(harness.managementBaseUrl());

        Health down = management.health("");
        assertThat(down.check("helpdesk-rt")).hasValueSatisfying(c -> {
            assertThat(c.path("status").asText()).isEqualTo("DOWN");
            // (Camel's management server writes a health message's slashes as \/: the URL is checked in the log)
            assertThat(c.path("message").asText()).startsWith("HTTP helpdesk rt cannot be reached: GET ")
                    .contains("(helpdesk.http.rt.probe-url) failed: the connection was refused or closed");
            assertThat(c.path("data").path("probeUrl").asText()).isEqualTo(helpdesk.url() + "/me");
            assertThat(c.path("data").path("lastProbeStatus").asInt()).isZero();
            assertThat(c.path("data").path("delivering").asBoolean()).isTrue();
        });
        assertThat(log.lines()).filteredOn(l -> l.level() == Level.WARN).extracting(CapturedLog.Line::message)
                .anySatisfy(m -> assertThat(m).startsWith("HTTP helpdesk rt cannot be reached: GET " + helpdesk.url()
                        + "/me (helpdesk.http.rt.probe-url) failed: the connection was refused or closed")
                        .contains("Starting anyway").contains("health check helpdesk-rt is DOWN"));

        helpdesk.start();
        Health up = management.awaitHealth("", 200, WAIT);

        assertThat(up.check("helpdesk-rt").map(c -> c.path("status").asText())).hasValue("UP");
        await(() -> log.lines().stream().anyMatch(l -> l.level() == Level.INFO
                && l.message().contains("the helpdesk answers its probe again, health check helpdesk-rt is UP")));
    }

    @Test
    void theProbeOfAnHttpsHelpdeskTrustsTheConfiguredTrustStore() throws Exception {
        SelfSignedTls tls = new SelfSignedTls(dir);
        helpdesk.close();
        helpdesk = new StubHelpdesk(FreePorts.next(), tls.serverContext());
        helpdesk.requireAuthorization("token " + TOKEN);
        harness = new ConnectorHarness(dir.resolve("data"));
        rt(harness.properties, "rt");
        harness.properties.put("helpdesk.http.rt.trust-store", tls.trustStore.toString());
        harness.properties.put("helpdesk.http.rt.trust-store-password", SelfSignedTls.PASSWORD);
        // the default: a cold TLS handshake on a busy machine takes longer than the 500 ms of the other tests
        harness.properties.remove("helpdesk.http.rt.connect-timeout");
        harness.start();

        Health health = new ManagementCalls(harness.managementBaseUrl()).awaitHealth("", 200, WAIT);

        assertThat(health.check("helpdesk-rt")).hasValueSatisfying(c -> {
            assertThat(c.path("status").asText()).isEqualTo("UP");
            assertThat(c.path("data").path("probeUrl").asText()).isEqualTo(helpdesk.url() + "/me");
        });
        assertThat(helpdesk.requests()).extracting(Request::path).containsExactly("/me");
    }

    /** Helpdesk {@code name} on the stub, configured as for Request Tracker: a header template and a probe URL. */
    private void rt(Map<String, String> p, String name) {
        String k = "helpdesk.http." + name + ".";
        p.putIfAbsent("helpdesk.http.helpdesks", name);
        p.put(k + "queue", "twitter.inbound");
        p.put(k + "create.url", helpdesk.url() + "/tickets");
        p.put(k + "ticket-id-path", "$.ticket.id");
        p.put(k + "append.url", helpdesk.url() + "/tickets/{ticketId}");
        p.put(k + "append.method", "PUT");
        p.put(k + "auth.type", "header");
        p.put(k + "auth.header-template", "token {token}");
        p.put(k + "auth.token", TOKEN);
        p.put(k + "probe-url", helpdesk.url() + "/me");
        p.put(k + "connect-timeout", "500");
        p.put(k + "response-timeout", "2s");
    }

    private Map<String, String> refusalProperties() {
        Map<String, String> p = TestAccounts.properties();
        p.put("sandbox.enabled", "false");
        p.put("connector.data-dir", dir.resolve("data").toString());
        p.put("broker.embedded.port", Integer.toString(FreePorts.next()));
        return p;
    }

    private static String envelope(String id, String conversationKey) {
        JsonNode node = EnvelopeSchemaCheck.parse("{\"schema\":\"twitter-helpdesk/v1\",\"id\":\"" + id + "\","
                + "\"kind\":\"direct_message\",\"tags\":[\"Twitter:Direct\"],"
                + "\"account\":{\"id\":\"42\",\"screenName\":\"acme_support\"},\"inbox\":\"support\","
                + "\"customer\":{\"id\":\"7\",\"screenName\":\"alice\",\"name\":null},"
                + "\"conversationKey\":\"" + conversationKey + "\",\"text\":\"hello\",\"media\":[],"
                + "\"inReplyToTweetId\":null,\"tweetUrl\":null,\"createdAt\":\"2026-11-22T01:02:03Z\","
                + "\"receivedAt\":\"2026-11-22T01:02:04Z\",\"source\":\"poll\"}");
        return node.toString();
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long until = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > until) {
                throw new AssertionError("condition not met within " + WAIT);
            }
            Thread.sleep(20);
        }
    }
}
