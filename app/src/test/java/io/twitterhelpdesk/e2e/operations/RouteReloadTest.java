package io.twitterhelpdesk.e2e.operations;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import io.twitterhelpdesk.e2e.support.QueueReader.Received;
import io.twitterhelpdesk.e2e.support.CapturedLog;
import io.twitterhelpdesk.e2e.support.ConnectorHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An admin edits a route file under routes/ while the connector runs: the change takes effect without a restart and
 * no message is lost or delivered twice meanwhile. The connector runs on a copy of the shipped routes.
 */
class RouteReloadTest {

    private static final String QUEUE = "twitter.inbound";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dataDir;
    @TempDir
    Path workDir;
    private Path routes;
    private ConnectorHarness harness;

    @BeforeEach
    void start() throws Exception {
        routes = Files.createDirectories(workDir.resolve("routes"));
        try (Stream<Path> shipped = Files.list(Path.of("routes"))) {
            for (Path file : shipped.filter(f -> f.toString().endsWith(".camel.yaml")).toList()) {
                Files.copy(file, routes.resolve(file.getFileName()));
            }
        }
        harness = new ConnectorHarness(dataDir);
        harness.properties.put("twitter.accounts", "acme_support");
        harness.properties.put("camel.main.routes-include-pattern", "file:" + routes + "/*.camel.yaml");
        harness.properties.put("camel.main.routes-reload-directory", routes.toString());
        harness.start();
    }

    @AfterEach
    void stop() throws Exception {
        harness.close();
    }

    @Test
    void editedDeliveryRouteTakesEffectLiveAndNoMessageIsLostOrDoubled() throws Exception {
        harness.sandbox.injectDirectMessage("alice", "acme_support", "before the edit", List.of());
        List<Received> first = harness.jms().receive(QUEUE, 1, WAIT);
        assertThat(first).hasSize(1);
        assertThat(first.get(0).properties()).doesNotContainKey("TwitterSource");

        // customers keep writing while the admin saves the file, until the edit shows, and a little longer
        Set<String> sent = ConcurrentHashMap.newKeySet();
        AtomicBoolean editSeen = new AtomicBoolean();
        Thread customers = new Thread(() -> {
            int after = 0;
            for (int i = 0; i < 400 && after < 10; i++) {
                sent.add("dm:" + harness.sandbox.injectDirectMessage("bob", "acme_support", "message " + i, List.of())
                        .id());
                after += editSeen.get() ? 1 : 0;
                sleep(50);
            }
        });
        customers.start();
        sleep(300);
        edit("inbound-pipeline.camel.yaml", """
                        input: inbound-message
                      steps:
                """, """
                        input: inbound-message
                      steps:
                        - setHeader:
                            name: TwitterSource
                            jsonpath: "$.source"
                """);

        List<Received> got = new ArrayList<>();
        long until = System.nanoTime() + WAIT.toNanos();
        while ((customers.isAlive() || got.size() < sent.size()) && System.nanoTime() < until) {
            for (Received r : harness.jms().receive(QUEUE, 1, Duration.ofMillis(200))) {
                got.add(r);
                editSeen.compareAndSet(false, r.properties().containsKey("TwitterSource"));
            }
        }
        customers.join(WAIT.toMillis());
        got.addAll(harness.jms().drain(QUEUE, Duration.ofSeconds(1)));

        assertThat(editSeen).as("the edited route delivers").isTrue();
        List<String> ids = got.stream().map(r -> String.valueOf(r.properties().get("_AMQ_DUPL_ID"))).toList();
        assertThat(ids).as("every DM once").containsExactlyInAnyOrderElementsOf(sent);
        assertThat(got.get(got.size() - 1).properties()).containsEntry("TwitterSource", "poll");
    }

    @Test
    void editedPollingRouteIsMadeAgainAndEveryAccountIsPolledByIt() throws Exception {
        awaitDmListRequestsGrow();
        CapturedLog edited = CapturedLog.of("io.twitterhelpdesk.edited");
        try {
            edit("inbound-polling.camel.yaml", "      steps:\n        - toD:", "      steps:\n"
                    + "        - log:\n"
                    + "            logName: io.twitterhelpdesk.edited\n"
                    + "            message: \"edited poll of ${header.TwitterAccount}\"\n"
                    + "        - toD:");

            // the route made again from the edited file, and its polls scheduled again (route policy duePolls)
            long until = System.nanoTime() + WAIT.toNanos();
            while (edited.lines().isEmpty() && System.nanoTime() < until) {
                sleep(100);
            }
            assertThat(edited.lines()).extracting(CapturedLog.Line::message)
                    .contains("edited poll of acme_support");
            awaitDmListRequestsGrow();
        } finally {
            edited.close();
        }
        assertThat(harness.connector().context().getRouteController().getRouteStatus("account-poll").isStarted())
                .isTrue();
        harness.sandbox.injectDirectMessage("dave", "acme_support", "after the edit", List.of());
        assertThat(harness.jms().receive(QUEUE, 1, WAIT)).hasSize(1);
    }

    @Test
    void editedErrorHandlingReloadsEveryRouteFileAndTheConnectorKeepsWorking() throws Exception {
        Set<String> before = routeIds();
        // the X Activity API routes do not start without an account on it (autoStartup from xaa.enabled)
        Set<String> started = startedRouteIds();
        CapturedLog reloads = CapturedLog.of("io.twitterhelpdesk.app.RouteFileReload");
        try {
            edit("error-handling.camel.yaml", "# Shared error handling", "# Shared error handling (edited)");
            long until = System.nanoTime() + WAIT.toNanos();
            // until the whole reload is done (the route files that use the configurations included): a stop in the
            // middle of it meets routes still coming and going
            while (reloads.lines().stream().noneMatch(l -> l.message().startsWith("Routes from ")
                    && l.message().contains("error-handling.camel.yaml reloaded")) && System.nanoTime() < until) {
                sleep(100);
            }
            assertThat(reloads.lines()).extracting(CapturedLog.Line::message)
                    .anySatisfy(m -> assertThat(m).startsWith("Route configurations changed in [error-handling")
                            .contains("inbound-polling.camel.yaml"));
        } finally {
            reloads.close();
        }

        assertThat(routeIds()).isEqualTo(before);
        assertThat(startedRouteIds()).isEqualTo(started);
        assertThat(started).contains("inbound-message", "webhook", "reply-sender").doesNotContain("x-activity-stream");
        harness.sandbox.injectDirectMessage("carol", "acme_support", "after the reload", List.of());
        assertThat(harness.jms().receive(QUEUE, 1, WAIT)).hasSize(1);
    }

    private Set<String> startedRouteIds() {
        return routeIds().stream().filter(id -> harness.connector().context().getRouteController()
                .getRouteStatus(id).isStarted()).collect(java.util.stream.Collectors.toSet());
    }

    private Set<String> routeIds() {
        return harness.connector().context().getRoutes().stream().map(r -> r.getRouteId())
                .collect(java.util.stream.Collectors.toSet());
    }

    private void awaitDmListRequestsGrow() {
        int start = harness.sandbox.requestCount("dm_list");
        long until = System.nanoTime() + WAIT.toNanos();
        while (harness.sandbox.requestCount("dm_list") < start + 5 && System.nanoTime() < until) {
            sleep(50);
        }
        assertThat(harness.sandbox.requestCount("dm_list")).isGreaterThanOrEqualTo(start + 5);
    }

    private void edit(String file, String from, String to) throws IOException {
        Path path = routes.resolve(file);
        String yaml = Files.readString(path);
        assertThat(yaml).contains(from);
        Files.writeString(path, yaml.replace(from, to));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
