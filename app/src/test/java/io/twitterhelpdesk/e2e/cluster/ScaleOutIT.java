package io.twitterhelpdesk.e2e.cluster;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.twitterhelpdesk.e2e.support.ManagementCalls.Health;
import io.twitterhelpdesk.e2e.support.QueueReader.Received;
import io.twitterhelpdesk.sandbox.DirectMessageRef;
import io.twitterhelpdesk.sandbox.TwitterSandbox;
import io.twitterhelpdesk.e2e.support.ConnectorProcess;
import io.twitterhelpdesk.e2e.support.DockerImage;
import io.twitterhelpdesk.e2e.support.FreePorts;
import io.twitterhelpdesk.e2e.support.ManagementCalls;
import io.twitterhelpdesk.e2e.support.PostgresServer;
import io.twitterhelpdesk.e2e.support.QueueReader;
import io.twitterhelpdesk.e2e.support.ReplyApi;
import io.twitterhelpdesk.e2e.support.StandaloneArtemis;
import io.twitterhelpdesk.e2e.support.TestAccounts;
import io.twitterhelpdesk.e2e.support.WebhookCalls;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances of the packaged connector (started as the image starts it) on one PostgreSQL state database and one
 * standalone Artemis broker: one polls each account at a time, both take webhooks and replies, and when the polling
 * instance is killed (SIGKILL, mid-stream) the other takes its accounts over and every DM and mention is delivered
 * exactly once.
 */
class ScaleOutIT {

    private static final String QUEUE = "twitter.inbound";
    private static final String USER = "helpdesk";
    private static final String PASSWORD = "s3cret-pw";
    private static final Duration START = Duration.ofSeconds(180);
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Duration LEASE = Duration.ofSeconds(3);

    @TempDir
    Path root;
    @TempDir
    Path brokerDir;
    private PostgresServer postgres;
    private StandaloneArtemis broker;
    private TwitterSandbox sandbox;
    private final Map<String, Instance> instances = new LinkedHashMap<>();
    /** What the queue gave so far (the test reads it in two rounds). */
    private final List<Received> delivered = new ArrayList<>();

    /** One running instance: its process and its two ports. */
    private record Instance(String name, ConnectorProcess process, int apiPort, int managementPort) {
        String api() {
            return "http://127.0.0.1:" + apiPort;
        }

        ManagementCalls management() {
            return new ManagementCalls("http://127.0.0.1:" + managementPort);
        }

        /** Whether this instance polls the account, as its health says; false when it does not answer. */
        boolean polls(String account) {
            try {
                return management().health("").check("account-" + account)
                        .map(c -> c.path("data").path("polledHere").asBoolean()).orElse(false);
            } catch (Exception e) {
                return false;
            }
        }
    }

    @BeforeEach
    void startServices() throws Exception {
        postgres = PostgresServer.start();
        broker = StandaloneArtemis.create(brokerDir.resolve("artemis"), USER, PASSWORD).start();
        sandbox = new TwitterSandbox("127.0.0.1", 0, 0).start();
        sandbox.disableRateLimits();
        TestAccounts.register(sandbox);
    }

    @AfterEach
    void stopAll() throws Exception {
        try {
            for (Instance instance : instances.values()) {
                instance.process().close();
            }
        } finally {
            try {
                broker.close();
                sandbox.close();
            } finally {
                postgres.close();
            }
        }
    }

    @Test
    void twoInstancesOneKilledDeliverEveryMessageOnceAndPollingMovesToTheSurvivor() throws Exception {
        DockerImage image = DockerImage.read();
        Path app = image.layOut(root.resolve("image"));
        String stateUrl = postgres.newDatabase("twitter_helpdesk", USER, PASSWORD);
        start(image, app, "a", stateUrl);
        start(image, app, "b", stateUrl);
        Instance a = instances.get("a");
        Instance b = instances.get("b");
        assertThat(a.process().await(() -> a.polls("acme_support") ^ b.polls("acme_support"), WAIT))
                .as("exactly one instance polls acme_support").isTrue();

        Set<String> expected = ConcurrentHashMap.newKeySet();
        // both alive: polled DMs and mentions of both accounts
        List<DirectMessageRef> supportDms = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            DirectMessageRef dm = sandbox.injectDirectMessage("alice" + i, "acme_support", "DM " + i, List.of());
            supportDms.add(dm);
            expected.add("dm:" + dm.id());
        }
        for (int i = 0; i < 3; i++) {
            expected.add("tweet:" + sandbox.injectMention("bob" + i, "@acme_support mention " + i, null, List.of())
                    .id());
        }
        DirectMessageRef salesDm = sandbox.injectDirectMessage("carol", "acme_sales", "to sales", List.of());
        expected.add("dm:" + salesDm.id());
        // webhooks on both instances: the polled DMs again (duplicates), and DMs that come by webhook only
        WebhookCalls webhook = new WebhookCalls("cs-test");
        for (DirectMessageRef dm : supportDms.subList(0, 3)) {
            String event = WebhookCalls.dmEvent(TestAccounts.SUPPORT_ID, dm.id(), dm.senderId(), "someone", "again");
            assertThat(webhook.push(a.api() + "/webhooks/twitter", event)).isEqualTo(200);
            assertThat(webhook.push(b.api() + "/webhooks/twitter", event)).isEqualTo(200);
        }
        long pushedOnly = 1_900_000_000_000_000_001L;
        for (Instance target : List.of(a, b)) {
            String event = WebhookCalls.dmEvent(TestAccounts.SUPPORT_ID, pushedOnly, 8_001, "dora", "pushed");
            assertThat(webhook.push(target.api() + "/webhooks/twitter", event)).isEqualTo(200);
            expected.add("dm:" + pushedOnly++);
        }
        // replies through both instances, each sent once, each instance answering for the other's
        awaitDelivered(Set.copyOf(expected));
        ReplyApi viaA = new ReplyApi(a.api());
        ReplyApi viaB = new ReplyApi(b.api());
        assertThat(viaA.post("r-a", "twitter:dm:42:" + supportDms.get(0).senderId(), "from a", null, WAIT))
                .isEqualTo(202);
        assertThat(viaB.post("r-b", "twitter:dm:43:" + salesDm.senderId(), "from b", null, WAIT)).isEqualTo(202);
        assertThat(viaB.finalStatus("r-a", WAIT).path("status").asText()).isEqualTo("sent");
        assertThat(viaA.finalStatus("r-b", WAIT).path("status").asText()).isEqualTo("sent");

        // customers keep writing while the polling instance is killed
        Instance leader = a.polls("acme_support") ? a : b;
        Instance survivor = leader == a ? b : a;
        Thread customers = new Thread(() -> {
            for (int i = 0; i < 20; i++) {
                expected.add("dm:" + sandbox.injectDirectMessage("erin" + i, "acme_support", "during " + i, List.of())
                        .id());
                if (i % 4 == 0) {
                    expected.add("tweet:" + sandbox.injectMention("fred" + i, "@acme_support during " + i, null,
                            List.of()).id());
                }
                sleep(100);
            }
        });
        customers.start();
        sleep(700);
        long killed = System.nanoTime();
        leader.process().kill();
        assertThat(survivor.process().await(() -> survivor.polls("acme_support") && survivor.polls("acme_sales"),
                WAIT)).as("the survivor polls both accounts").isTrue();
        Duration failover = Duration.ofNanos(System.nanoTime() - killed);
        customers.join(WAIT.toMillis());
        DirectMessageRef late = sandbox.injectDirectMessage("gina", "acme_sales", "after the failover", List.of());
        expected.add("dm:" + late.id());

        List<Received> got = awaitDelivered(Set.copyOf(expected));
        Map<String, Long> counts = got.stream().collect(Collectors.groupingBy(
                r -> String.valueOf(r.properties().get("_AMQ_DUPL_ID")), Collectors.counting()));
        assertThat(counts.keySet()).as("every DM and mention").containsExactlyInAnyOrderElementsOf(expected);
        assertThat(counts).as("each once").allSatisfy((id, n) -> assertThat(n).as(id).isEqualTo(1L));

        ReplyApi viaSurvivor = new ReplyApi(survivor.api());
        assertThat(viaSurvivor.post("r-c", "twitter:dm:43:" + late.senderId(), "after", null, WAIT)).isEqualTo(202);
        assertThat(viaSurvivor.finalStatus("r-c", WAIT).path("status").asText()).isEqualTo("sent");
        assertThat(sandbox.sentDirectMessages()).extracting(d -> d.text())
                .containsExactlyInAnyOrder("from a", "from b", "after");
        Health health = survivor.management().health("");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.check("account-acme_support").map(c -> c.path("status").asText())).hasValue("UP");
        System.out.printf("ScaleOutIT: %d messages delivered once; %s killed, %s polled both accounts %d ms later "
                + "(lease %d ms)%n", counts.size(), leader.name(), survivor.name(), failover.toMillis(),
                LEASE.toMillis());
        assertThat(failover).as("within lease + renew interval + start of the pollers")
                .isLessThan(LEASE.plusSeconds(10));
    }

    private void start(DockerImage image, Path app, String name, String stateUrl) throws Exception {
        Map<String, String> env = new LinkedHashMap<>(image.env(root.resolve("image")));
        TestAccounts.properties().forEach((k, v) -> env.put(variable(k), v));
        int apiPort = FreePorts.next();
        int managementPort = FreePorts.next();
        Map<String, String> p = new HashMap<>();
        p.put("sandbox.enabled", "false");
        p.put("twitter.api.rest-base-url", sandbox.restBaseUrl());
        p.put("broker.url", broker.url());
        p.put("broker.user", USER);
        p.put("broker.password", PASSWORD);
        p.put("state.url", stateUrl);
        p.put("state.user", USER);
        p.put("state.password", PASSWORD);
        p.put("camel.server.host", "127.0.0.1");
        p.put("camel.server.port", Integer.toString(apiPort));
        p.put("camel.management.host", "127.0.0.1");
        p.put("camel.management.port", Integer.toString(managementPort));
        p.put("connector.data-dir", root.resolve("data-" + name).toString());
        p.put("cluster.node-id", "instance-" + name);
        p.put("cluster.lease-duration", Long.toString(LEASE.toMillis()));
        p.put("cluster.renew-interval", "500");
        p.put("inbound.dm.poll-delay", "200");
        p.put("inbound.mention.poll-delay", "200");
        p.put("inbound.initial-delay", "100");
        p.put("inbound.error-backoff", "300");
        p.put("inbound.error-backoff-max", "1s");
        p.forEach((k, v) -> env.put(variable(k), v));
        env.put("JAVA_OPTS", "-Xmx256m -Duser.timezone=UTC");
        ConnectorProcess process = ConnectorProcess.start(image.entrypoint(root.resolve("image")), app, env,
                root.resolve("instance-" + name + ".log"));
        Instance instance = new Instance(name, process, apiPort, managementPort);
        instances.put(name, instance);
        assertThat(process.await(() -> ready(instance), START)).as("instance " + name + " ready; log: "
                + process.log()).isTrue();
    }

    private static boolean ready(Instance instance) {
        try {
            return instance.management().health("/ready").status() == 200;
        } catch (Exception e) {
            return false;
        }
    }

    /** Reads the queue until every expected id came (bounded), then a quiet while longer for duplicates. */
    private List<Received> awaitDelivered(Set<String> expected) throws Exception {
        try (QueueReader queue = new QueueReader(broker.url(), USER, PASSWORD)) {
            List<Received> got = new ArrayList<>(delivered);
            long until = System.nanoTime() + WAIT.toNanos();
            Function<List<Received>, Set<String>> ids = list -> list.stream()
                    .map(r -> String.valueOf(r.properties().get("_AMQ_DUPL_ID"))).collect(Collectors.toSet());
            while (!ids.apply(got).containsAll(expected) && System.nanoTime() < until) {
                got.addAll(queue.receive(QUEUE, 1, Duration.ofMillis(500)));
            }
            got.addAll(queue.drain(QUEUE, Duration.ofSeconds(3)));
            delivered.clear();
            delivered.addAll(got);
            return got;
        }
    }

    private static String variable(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
