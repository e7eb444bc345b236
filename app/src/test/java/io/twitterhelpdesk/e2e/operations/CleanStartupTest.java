package io.twitterhelpdesk.e2e.operations;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.twitterhelpdesk.e2e.support.TestHttp;
import io.twitterhelpdesk.e2e.support.QueueReader.Received;
import io.twitterhelpdesk.e2e.support.CapturedLog;
import io.twitterhelpdesk.e2e.support.ConnectorHarness;
import io.twitterhelpdesk.e2e.support.HeldLifecycle;
import io.twitterhelpdesk.e2e.support.TestAccounts;
import io.twitterhelpdesk.e2e.support.WebhookCalls;
import io.twitterhelpdesk.cluster.DatabaseLeaseClusterService;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A start logs nothing a user cannot act on and names the addresses the servers are bound to; until the routes run,
 * the API server answers 503 with Retry-After, never 404.
 */
class CleanStartupTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String INBOUND = "twitter.inbound";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;
    private ConnectorHarness harness;
    private final HttpClient http = TestHttp.client();

    @BeforeEach
    void prepare() {
        harness = new ConnectorHarness(dataDir);
    }

    @AfterEach
    void stop() throws Exception {
        harness.close();
    }

    @Test
    void aStartLogsNoWarningAndTheAddressesTheServersAreBoundTo() throws Exception {
        try (CapturedLog log = CapturedLog.all()) {
            harness.start();
            // the lease service logs once that this instance leads the accounts' pollers; camel-master 4.17, which ran
            // the pollers before, warned 6 s after each leadership taken (that its start task was out of budget)
            awaitLines(log, line -> line.logger().equals(DatabaseLeaseClusterService.class.getName())
                    && line.message().contains(" now leads "), 1);
            Thread.sleep(7_000);

            assertThat(log.lines()).filteredOn(line -> line.level().isMoreSpecificThan(Level.WARN)).isEmpty();
            String api = "http://127.0.0.1:" + harness.properties.get("camel.server.port");
            String management = "http://127.0.0.1:" + harness.properties.get("camel.management.port");
            assertThat(log.lines()).filteredOn(line -> line.logger().equals("io.twitterhelpdesk.app.HttpEndpointsSummary"))
                    .extracting(line -> line.message().strip())
                    .contains("HTTP endpoints summary", "HTTP Management endpoints summary")
                    .anyMatch(line -> line.startsWith(api + "/webhooks/twitter "))
                    .anyMatch(line -> line.startsWith(api + "/api/v1/replies "))
                    .anyMatch(line -> line.startsWith(management + "/observe/health "));
            assertThat(log.lines()).noneMatch(line -> line.message().contains("0.0.0.0"));
        }
    }

    @Test
    void aWebhookPushDuringTheStartGets503WithRetryAfterAndNever404() throws Exception {
        HeldLifecycle hold = HeldLifecycle.beforeTheRoutesStart();
        String api = harness.apiBaseUrl();
        try (StatusWatch crc = StatusWatch.of(http, api + "/webhooks/twitter?crc_token=t0k3n");
             StatusWatch accounts = StatusWatch.of(http, api + "/api/v1/accounts")) {
            CompletableFuture<ConnectorHarness> started = CompletableFuture.supplyAsync(() -> startWith(hold));
            assertThat(hold.awaitHeld(WAIT)).as("the start reaches the routes").isTrue();

            // the servers listen, the routes do not run yet
            WebhookCalls twitter = new WebhookCalls("cs-test");
            String event = WebhookCalls.dmEvent(TestAccounts.SUPPORT_ID, 1_100_000_000_000_000_301L, 7301, "kim",
                    "Is anyone there?");
            HttpResponse<String> refused = twitter.send(api + "/webhooks/twitter", event);
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.headers().firstValue("Retry-After")).hasValue("5");
            assertThat(JSON.readTree(refused.body()).path("error").path("code").asText())
                    .isEqualTo("service_unavailable");
            HttpResponse<String> replies = http.send(HttpRequest.newBuilder(URI.create(api + "/api/v1/replies"))
                    .header("X-API-Key", "sandbox-api-key").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(replies.statusCode()).isEqualTo(503);
            assertThat(replies.headers().firstValue("Retry-After")).hasValue("5");
            assertThat(http.send(HttpRequest.newBuilder(URI.create(api + "/no/such/path")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode()).as("not even an unknown path is a 404 yet")
                    .isEqualTo(503);

            hold.release();
            started.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            // Twitter's retry of the refused event goes through
            assertThat(twitter.push(api + "/webhooks/twitter", event)).isEqualTo(200);
            List<Received> delivered = harness.jms().receive(INBOUND, 1, Duration.ofSeconds(20));
            assertThat(delivered).hasSize(1);
            assertThat(JSON.readTree(delivered.get(0).body()).path("text").asText()).isEqualTo("Is anyone there?");
            crc.awaitStatus(200);
            accounts.awaitStatus(401);

            assertThat(crc.statuses()).as("the CRC check from the start on").contains(503, 200).doesNotContain(404)
                    .allMatch(status -> status == 503 || status == 200);
            assertThat(accounts.statuses()).as("an API call from the start on").contains(503, 401).doesNotContain(404)
                    .allMatch(status -> status == 503 || status == 401);
            assertThat(crc.unavailableWithoutRetryAfter() + accounts.unavailableWithoutRetryAfter()).isZero();
        }
    }

    @Test
    void aRequestWhileTheConnectorStopsGets503() throws Exception {
        HeldLifecycle hold = HeldLifecycle.whenTheStopBegins();
        harness.start(Map.of("holdStop", hold));
        String accounts = harness.apiBaseUrl() + "/api/v1/accounts";
        assertThat(http.send(HttpRequest.newBuilder(URI.create(accounts)).header("X-API-Key", "sandbox-api-key")
                .build(), HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(200);

        CompletableFuture<Void> stopped = CompletableFuture.runAsync(this::stopConnector);
        assertThat(hold.awaitHeld(WAIT)).as("the stop begins").isTrue();
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(accounts))
                .header("X-API-Key", "sandbox-api-key").build(), HttpResponse.BodyHandlers.ofString());
        hold.release();
        stopped.get(WAIT.toSeconds(), TimeUnit.SECONDS);

        assertThat(answer.statusCode()).isEqualTo(503);
        assertThat(answer.headers().firstValue("Retry-After")).hasValue("5");
        assertThat(JSON.readTree(answer.body()).path("error").path("message").asText()).contains("stopping");
    }

    /**
     * camel-micrometer's race on gauge camel.exchanges.last.timestamp (two routes completing their first exchanges at
     * once) makes Micrometer warn that the gauge is already registered; that line, and only that one, is dropped.
     * Micrometer warns once per JVM, so the line is written here as Micrometer writes it rather than raced for.
     */
    @Test
    void theDoubleRegistrationOfCamelsLastExchangeGaugeIsNotLogged() {
        MeterRegistry meters = new SimpleMeterRegistry();
        String camels = doubleRegistrationWarning(Gauge.builder("camel.exchanges.last.timestamp", () -> 0)
                .register(meters));
        String another = doubleRegistrationWarning(Gauge.builder("twitter.helpdesk.rate.limit.remaining", () -> 0)
                .tag("account", "acme_support").register(meters));

        try (CapturedLog log = CapturedLog.all()) {
            LoggerFactory.getLogger(MeterRegistry.class).warn(camels);
            LoggerFactory.getLogger(MeterRegistry.class).warn(another);

            assertThat(log.lines()).extracting(CapturedLog.Line::message).containsExactly(another);
            assertThat(log.lines()).extracting(CapturedLog.Line::level).containsExactly(Level.WARN);
        }
    }

    /** What Micrometer's MeterRegistry logs, the first time in a JVM, when a gauge is registered a second time. */
    private static String doubleRegistrationWarning(Gauge gauge) {
        return "This Gauge has been already registered (" + gauge.getId() + "), the registration will be ignored."
                + " Note that subsequent logs will be logged at debug level.";
    }

    private ConnectorHarness startWith(HeldLifecycle hold) {
        try {
            return harness.start(Map.of("holdStart", hold));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void stopConnector() {
        try {
            harness.stopConnector();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void awaitLines(CapturedLog log, java.util.function.Predicate<CapturedLog.Line> which, int count)
            throws InterruptedException {
        long until = System.nanoTime() + WAIT.toNanos();
        while (log.lines().stream().filter(which).count() < count && System.nanoTime() < until) {
            Thread.sleep(100);
        }
        assertThat(log.lines().stream().filter(which).count()).isGreaterThanOrEqualTo(count);
    }

    /** GETs a URL over and over from another thread, keeping every HTTP status (refused connections are skipped). */
    private static final class StatusWatch implements AutoCloseable {

        private final HttpClient http;
        private final URI uri;
        private final List<Integer> statuses = new CopyOnWriteArrayList<>();
        private final List<Integer> unavailableWithoutRetryAfter = new CopyOnWriteArrayList<>();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;

        private StatusWatch(HttpClient http, String url) {
            this.http = http;
            this.uri = URI.create(url);
            this.thread = new Thread(this::watch, "status-watch " + uri.getPath());
        }

        static StatusWatch of(HttpClient http, String url) {
            StatusWatch watch = new StatusWatch(http, url);
            watch.thread.start();
            return watch;
        }

        private void watch() {
            while (running.get()) {
                try {
                    HttpResponse<Void> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5))
                            .build(), HttpResponse.BodyHandlers.discarding());
                    statuses.add(response.statusCode());
                    if (response.statusCode() == 503 && response.headers().firstValue("Retry-After").isEmpty()) {
                        unavailableWithoutRetryAfter.add(503);
                    }
                } catch (ConnectException e) {
                    // not listening yet
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    statuses.add(-1);
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        void awaitStatus(int status) throws InterruptedException {
            long until = System.nanoTime() + WAIT.toNanos();
            while (!statuses.contains(status) && System.nanoTime() < until) {
                Thread.sleep(20);
            }
        }

        List<Integer> statuses() {
            return List.copyOf(statuses);
        }

        int unavailableWithoutRetryAfter() {
            return unavailableWithoutRetryAfter.size();
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.join(10_000);
        }
    }
}
