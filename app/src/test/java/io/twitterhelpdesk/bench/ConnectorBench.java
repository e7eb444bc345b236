package io.twitterhelpdesk.bench;

import java.io.File;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntPredicate;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.twitterhelpdesk.sandbox.DirectMessageRef;
import io.twitterhelpdesk.sandbox.TwitterSandbox;
import io.twitterhelpdesk.sandbox.UsageRow;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Test;

/**
 * The benchmark harness of issue 8 (see BENCHMARKS.md). Not a test: surefire's default includes skip *Bench; run it
 * with {@code mvn -o -B -Pbench test} (or {@link #main}). The connector always runs as its own JVM (ConnectorMain,
 * the test classpath, this project as working directory, -Xmx512m, its output in target/bench/*.log); the sandbox
 * and the load clients run in this JVM.
 *
 * <p>Phases: (0) start to healthy of the packaged jar through bin/twitter-helpdesk, with and without its
 * class-data-sharing archive (only when target/twitter-helpdesk-connector.jar exists), restarts on one data directory
 * and the launcher's idle RSS; (1) start to healthy and
 * idle RSS; (2) webhook ingest: N signed DM events from a concurrent client,
 * then the raw baseline (a plain JMS producer sending the same envelopes persistently to the same broker), the same
 * from one client, then paced runs at 500 and 200 events/s (time to 200 and to the queue's consumer); (2b) X Activity
 * stream ingest: N DMs injected into the sandbox at once for an account on xaa-stream, then the same paced rates;
 * (3) poll efficiency: a backlog of DMs and mentions under the sandbox's real rate limits with their windows scaled
 * down; (4) replies through the REST API (bench.concurrency clients) and the JMS queue
 * (as many producers); (5, only when named in bench.phases) many accounts: for each count of bench.accounts a
 * connector with that many polled accounts, its start, threads, idle memory and CPU, CPU per poll and WARN lines;
 * (6, only when named: crash) a backlog of bench.backlog DMs, the connector killed after 10 pages of its scan and
 * started again: the DM list requests before and after, against one per page; (7, only when named in bench.phases)
 * cost: for each ingestion mode what X bills for bench.cost.messages customer messages and a reply to each, read
 * from the sandbox's invoice. One table at the end.
 *
 * <p>Knobs (system properties): bench.events (10000), bench.concurrency (8), bench.paced.rate (500),
 * bench.paced.low-rate (200, a second paced run; 0: none),
 * bench.paced.seconds (20), bench.backlog (10000 DMs and as many mentions), bench.window-scale (0.005: 15 min is
 * 4.5 s), bench.replies (1000 per way in), bench.replies.warmup (1000 per way before them, not counted),
 * bench.phases (start,ingest,stream,poll), bench.start.runs (3),
 * bench.reply-consumers (outbound.concurrent-consumers of the connector; unset: the connector's default),
 * bench.accounts (100,1000: the account counts of phase accounts), bench.cost.messages (1000: the customer
 * messages of phase cost, half DMs, half mentions), bench.child-jvm-args (extra options of the
 * connector's JVM, e.g. a JFR recording), bench.start-timeout-seconds (90: how long a connector JVM may take to
 * answer before the run fails; longer on a machine shared with other builds).
 */
public class ConnectorBench {

    private static final String SECRET = "cs-test";
    private static final long ACCOUNT_ID = 42;
    private static final String API_KEY = "bench-api-key";

    private final int events = Integer.getInteger("bench.events", 10_000);
    private final int concurrency = Integer.getInteger("bench.concurrency", 8);
    private final int pacedRate = Integer.getInteger("bench.paced.rate", 500);
    private final int pacedSeconds = Integer.getInteger("bench.paced.seconds", 20);
    private final int lowRate = Integer.getInteger("bench.paced.low-rate", 200);
    private final int backlog = Integer.getInteger("bench.backlog", 10_000);
    private final double windowScale = Double.parseDouble(System.getProperty("bench.window-scale", "0.005"));
    private final int replies = Integer.getInteger("bench.replies", 1_000);
    /** Replies per way sent before the measured ones, not counted: the reply path compiled by the JIT first. */
    private final int replyWarmup = Integer.getInteger("bench.replies.warmup", 1_000);
    private final int costMessages = Integer.getInteger("bench.cost.messages", 1_000);
    /** outbound.concurrent-consumers, or null for the connector's default. */
    private final Integer replyConsumers = Integer.getInteger("bench.reply-consumers");

    private final Map<String, String> table = new LinkedHashMap<>();
    /** Of the ingest phase, for the stream's ratios; NaN when it did not run. */
    private double webhookRate = Double.NaN;
    private double rawRate = Double.NaN;
    private final Path out = Path.of("target", "bench");
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).executor(Executors.newFixedThreadPool(4)).build();

    @Test
    void run() throws Exception {
        runAll();
    }

    public static void main(String[] args) throws Exception {
        new ConnectorBench().runAll();
        System.exit(0);
    }

    void runAll() throws Exception {
        Files.createDirectories(out);
        System.out.printf("BENCH machine: %d cores, java %s, events=%d concurrency=%d paced=%d/s x %d s backlog=%d "
                + "windowScale=%s replies=%d%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"), events, concurrency, pacedRate, pacedSeconds, backlog,
                windowScale, replies);
        String phases = System.getProperty("bench.phases", "start,ingest,stream,poll");
        if (phases.contains("start")) {
            startOfThePackagedJar();
        }
        if (phases.contains("ingest")) {
            ingestAndFootprint();
        }
        if (phases.contains("stream")) {
            streamIngest();
        }
        if (phases.contains("poll")) {
            pollingAndReplies();
        }
        if (phases.contains("accounts")) {
            manyAccounts();
        }
        if (phases.contains("crash")) {
            crashMidBacklog();
        }
        if (phases.contains("cost")) {
            costPerMode();
        }
        StringBuilder s = new StringBuilder("\n==================== BENCH RESULTS ====================\n");
        table.forEach((k, v) -> s.append(String.format("| %-44s | %-60s |%n", k, v)));
        s.append("=======================================================\n");
        System.out.print(s);
        Files.writeString(out.resolve("results.txt"), s.toString());
    }

    // ---------------------------------------------------------------------------------------- phase 0

    /**
     * Start to healthy of the packaged jar as operators and the image start it (bin/twitter-helpdesk): once with
     * the class-data-sharing archive the launcher makes at a first clean stop, once without ("off"); the median of
     * {@code bench.start.runs} starts each, every start on a fresh data directory. Then as many restarts on one
     * data directory with the archive, and the resident memory of the last one 5 s after it is healthy.
     */
    private void startOfThePackagedJar() throws Exception {
        Path jar = Path.of("target", "twitter-helpdesk-connector.jar");
        String key = "start to healthy, packaged jar: CDS archive / none";
        if (!Files.exists(jar)) {
            table.put(key, "not measured: no " + jar + " (mvn -o -B -DskipTests package first)");
            return;
        }
        int runs = Integer.getInteger("bench.start.runs", 3);
        Path archive = out.resolve("startup.jsa").toAbsolutePath();
        Files.deleteIfExists(archive);
        try (TwitterSandbox sandbox = new TwitterSandbox("127.0.0.1", 0, 0).start()) {
            register(sandbox);
            // the training start: the launcher runs it with -XX:ArchiveClassesAtExit, the archive is written at stop
            launch(sandbox, archive.toString(), "training").close();
            if (!Files.exists(archive)) {
                table.put(key, "not measured: the training start wrote no archive (see target/bench/start-training.log)");
                return;
            }
            long[] with = new long[runs];
            long[] without = new long[runs];
            for (int i = 0; i < runs; i++) {
                try (Child c = launch(sandbox, archive.toString(), "cds")) {
                    with[i] = c.healthyMillis;
                }
                try (Child c = launch(sandbox, "off", "nocds")) {
                    without[i] = c.healthyMillis;
                }
            }
            Arrays.sort(with);
            Arrays.sort(without);
            table.put(key, String.format("%d / %d ms, median of %d (target < 3000); all: %s / %s, archive %d MB",
                    with[runs / 2], without[runs / 2], runs, Arrays.toString(with), Arrays.toString(without),
                    Files.size(archive) >> 20));

            // restarts, the usual case (a service restarted, a container with its data volume): one data directory
            // whose journal, H2 file and schema exist already; the first start, which makes them, is not counted
            Map<String, String> kept = properties(sandbox, "start-restart");
            long[] restarts = new long[runs];
            long idleRssKb = 0;
            for (int i = 0; i <= runs; i++) {
                try (Child c = launch(kept, archive.toString(), "restart")) {
                    if (i > 0) {
                        restarts[i - 1] = c.healthyMillis;
                    }
                    if (i == runs) {
                        Thread.sleep(5_000);
                        idleRssKb = c.rssKb();
                    }
                }
            }
            Arrays.sort(restarts);
            table.put("restart to healthy, packaged jar with CDS, same data directory",
                    String.format("%d ms, median of %d (target < 3000); all: %s", restarts[runs / 2], runs,
                            Arrays.toString(restarts)));
            table.put("RSS idle, packaged jar with CDS (5 s after healthy)", mb(idleRssKb) + " MB (target < 300)");
        }
    }

    private Child launch(TwitterSandbox sandbox, String archive, String name) throws Exception {
        return launch(properties(sandbox, "start-" + name), archive, name);
    }

    private Child launch(Map<String, String> p, String archive, String name) throws Exception {
        StringBuilder javaOpts = new StringBuilder("-Xmx512m -Duser.timezone=UTC");
        p.forEach((k, v) -> javaOpts.append(" -D").append(k).append('=').append(v));
        Map<String, String> env = Map.of("JAVA_OPTS", javaOpts.toString(), "CONNECTOR_CDS_ARCHIVE", archive);
        return Child.start(List.of(Path.of("bin", "twitter-helpdesk").toAbsolutePath().toString()), env,
                Integer.parseInt(p.get("camel.server.port")), out.resolve("start-" + name + ".log"));
    }

    // ---------------------------------------------------------------------------------------- phases 1 and 2

    private void ingestAndFootprint() throws Exception {
        try (TwitterSandbox sandbox = new TwitterSandbox("127.0.0.1", 0, 0).start()) {
            sandbox.disableRateLimits();
            register(sandbox);
            Map<String, String> p = properties(sandbox, "ingest");
            p.put("twitter.account.acme_support.ingestion", "webhook");
            try (Child child = Child.start(p, out.resolve("ingest.log"))) {
                table.put("start to healthy (REST port answers)", child.healthyMillis + " ms (target < 3000)");
                table.put("start to 'started in' log line", child.startedLineMillis + " ms");
                Thread.sleep(5_000);
                table.put("RSS idle (5 s after start)", mb(child.rssKb()) + " MB (target < 300)");
                String brokerUrl = "tcp://127.0.0.1:" + p.get("broker.embedded.port");
                String webhook = "http://127.0.0.1:" + p.get("camel.server.port") + "/webhooks/twitter";

                // warm-up (JIT, pools), not counted
                burst(webhook, 0, Math.min(2_000, events / 5), child);
                try (Jms jms = new Jms(brokerUrl)) {
                    jms.drain("twitter.inbound");
                }
                AtomicLong maxRss = new AtomicLong();
                List<String> texts = new ArrayList<>(events);
                for (int i = 0; i < events; i++) {
                    texts.add(webhookText(1_000_000 + i));
                }
                Result ingest;
                Result toQueue;
                List<Received> envelopes;
                try (Jms jms = new Jms(brokerUrl); QueueClock queue = new QueueClock(jms)) {
                    long before = System.nanoTime();
                    ingest = burst(webhook, 1_000_000, events, child, maxRss, concurrency);
                    queue.await(events, Duration.ofMinutes(2));
                    long[] sent = new long[events];
                    Arrays.fill(sent, before);
                    toQueue = queue.since(texts, sent, before);
                    envelopes = new ArrayList<>(queue.envelopes);
                }
                Result raw = rawBaseline(brokerUrl, envelopes);
                rawRate = raw.perSecond();
                webhookRate = ingest.perSecond();
                table.put("ingest: webhook events/s (" + events + ", " + concurrency + " clients)",
                        String.format("%.0f/s, 200s=%d, on queue=%d", ingest.perSecond(), ingest.ok, envelopes.size()));
                table.put("ingest: webhook time to 200 p50/p95/p99", ingest.percentiles());
                table.put("ingest: webhook events/s to the helpdesk queue (from the first request)", String.format(
                        "%.0f/s, on queue=%d (%.0f%% of raw)", toQueue.perSecond(), toQueue.ok,
                        100 * toQueue.perSecond() / rawRate));
                table.put("ingest: raw persistent JMS msgs/s (" + concurrency + " producers)",
                        String.format("%.0f/s, send p50/p95/p99 %s", rawRate, raw.percentiles()));
                table.put("ingest: connector/raw", String.format("%.0f%% (target >= 50%%)",
                        100 * ingest.perSecond() / rawRate));
                table.put("RSS under ingest load (max)", mb(maxRss.get()) + " MB");
                // one client: one event at a time, as the stream hands its lines to the pipeline
                int single = Math.min(events, 2_000);
                Result one = burst(webhook, 3_000_000, single, child, new AtomicLong(), 1);
                try (Jms jms = new Jms(brokerUrl)) {
                    jms.drain("twitter.inbound");
                }
                table.put("ingest: webhook events/s (" + single + ", 1 client)", String.format(
                        "%.0f/s, 200s=%d, time to 200 p50/p95/p99 %s", one.perSecond(), one.ok, one.percentiles()));
                pacedWebhook(webhook, brokerUrl, 5_000_000, pacedRate, " (target p99 < 50 ms)");
                if (lowRate > 0) {
                    // the same at a rate below what this machine sustains: the latency when the connector keeps up
                    pacedWebhook(webhook, brokerUrl, 6_000_000, lowRate, "");
                }
            }
        }
    }

    private Result burst(String webhook, long idBase, int n, Child child) throws Exception {
        return burst(webhook, idBase, n, child, new AtomicLong(), concurrency);
    }

    /** n signed events, pre-built, posted by {@code clients} threads as fast as answered. */
    private Result burst(String webhook, long idBase, int n, Child child, AtomicLong maxRss, int clients)
            throws Exception {
        List<HttpRequest> requests = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            requests.add(signedEvent(webhook, idBase + i));
        }
        long[] latencies = new long[n];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger ok = new AtomicInteger();
        AtomicBoolean running = new AtomicBoolean(true);
        Thread sampler = new Thread(() -> {
            while (running.get()) {
                maxRss.accumulateAndGet(child.rssKb(), Math::max);
                sleep(200);
            }
        });
        sampler.start();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long start = System.nanoTime();
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < clients; t++) {
            done.add(pool.submit(() -> {
                int i;
                while ((i = next.getAndIncrement()) < n) {
                    long t0 = System.nanoTime();
                    if (post(requests.get(i)) == 200) {
                        ok.incrementAndGet();
                    }
                    latencies[i] = System.nanoTime() - t0;
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        long elapsed = System.nanoTime() - start;
        pool.shutdown();
        running.set(false);
        sampler.join();
        return new Result(n, ok.get(), elapsed, latencies);
    }

    /**
     * A paced webhook run: time to 200 and time to the queue's consumer, both from each event's scheduled time; the
     * queue is drained after.
     */
    private void pacedWebhook(String webhook, String brokerUrl, long idBase, int rate, String target)
            throws Exception {
        int n = rate * pacedSeconds;
        List<HttpRequest> requests = new ArrayList<>(n);
        List<String> texts = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            requests.add(signedEvent(webhook, idBase + i));
            texts.add(webhookText(idBase + i));
        }
        long[] due = new long[n];
        Result paced;
        Result toQueue;
        try (Jms jms = new Jms(brokerUrl); QueueClock queue = new QueueClock(jms)) {
            paced = paced(rate, due, i -> post(requests.get(i)) == 200);
            queue.await(n, Duration.ofMinutes(2));
            toQueue = queue.since(texts, due, due[0]);
            jms.drain("twitter.inbound");
        }
        String name = "ingest paced " + rate + "/s x " + pacedSeconds + " s: ";
        table.put(name + "p50/p95/p99", paced.percentiles() + String.format("%s, achieved %.0f/s, 200s=%d/%d",
                target, paced.perSecond(), paced.ok, paced.count));
        table.put(name + "event to queue", toQueue.percentiles() + ", on queue=" + toQueue.ok + "/" + n);
    }

    /**
     * {@code rate} events/s for bench.paced.seconds on a fixed schedule, {@code send} called on a pool with the
     * event's index (true: accepted); each latency is measured from its scheduled time, filled in {@code due}.
     */
    private Result paced(int rate, long[] due, IntPredicate send) throws Exception {
        int n = due.length;
        long[] latencies = new long[n];
        AtomicInteger ok = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(64);
        long intervalNanos = 1_000_000_000L / rate;
        long start = System.nanoTime();
        List<Future<?>> done = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            due[i] = start + i * intervalNanos;
            long wait = due[i] - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            int index = i;
            done.add(pool.submit(() -> {
                if (send.test(index)) {
                    ok.incrementAndGet();
                }
                latencies[index] = System.nanoTime() - due[index];
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        long elapsed = System.nanoTime() - start;
        pool.shutdown();
        return new Result(n, ok.get(), elapsed, latencies);
    }

    /** The same envelopes (text and properties) sent persistently by plain JMS producers to the same broker. */
    private Result rawBaseline(String brokerUrl, List<Received> envelopes) throws Exception {
        int n = envelopes.size();
        long[] latencies = new long[n];
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(brokerUrl);
        List<Connection> connections = Collections.synchronizedList(new ArrayList<>());
        long start = System.nanoTime();
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < concurrency; t++) {
            done.add(pool.submit(() -> {
                Connection c = factory.createConnection();
                connections.add(c);
                Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
                MessageProducer producer = s.createProducer(s.createQueue("bench.raw"));
                producer.setDeliveryMode(DeliveryMode.PERSISTENT);
                int i;
                while ((i = next.getAndIncrement()) < n) {
                    Received r = envelopes.get(i);
                    long t0 = System.nanoTime();
                    TextMessage m = s.createTextMessage(r.body());
                    for (Map.Entry<String, Object> e : r.properties().entrySet()) {
                        if (!e.getKey().startsWith("JMSX") || e.getKey().equals("JMSXGroupID")) {
                            m.setObjectProperty(e.getKey(), e.getValue());
                        }
                    }
                    producer.send(m);
                    latencies[i] = System.nanoTime() - t0;
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        long elapsed = System.nanoTime() - start;
        pool.shutdown();
        for (Connection c : connections) {
            c.close();
        }
        try (Jms jms = new Jms(brokerUrl)) {
            jms.drain("bench.raw");
        }
        factory.close();
        return new Result(n, n, elapsed, latencies);
    }

    private HttpRequest signedEvent(String webhook, long id) {
        long dmId = 1_200_000_000_000_000_000L + id;
        long sender = 100_000 + id % 2_000;
        byte[] body = dmEvent(ACCOUNT_ID, dmId, sender, "cust" + sender, webhookText(id))
                .getBytes(StandardCharsets.UTF_8);
        return HttpRequest.newBuilder(URI.create(webhook)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("x-twitter-webhooks-signature", "sha256=" + hmac(body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    }

    private static String webhookText(long id) {
        return "bench message " + id;
    }

    private int post(HttpRequest r) {
        try {
            return http.send(r, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    // ---------------------------------------------------------------------------------------- phase 2b

    /**
     * X Activity stream ingest: acme_support on xaa-stream; bench.events DMs (2,000 customers) injected into the
     * sandbox as fast as it takes them, each a dm.received line on the open stream. Envelopes/s from the first
     * injection to the last envelope on the queue's consumer, and injection to consumer per event; then the webhook's
     * paced rates, timed from the scheduled time to the consumer as the webhook's paced "event to queue".
     */
    private void streamIngest() throws Exception {
        try (TwitterSandbox sandbox = new TwitterSandbox("127.0.0.1", 0, 0).start()) {
            sandbox.disableRateLimits();
            register(sandbox);
            Map<String, String> p = properties(sandbox, "stream");
            p.put("twitter.account.acme_support.ingestion", "xaa-stream");
            p.put("twitter.api.app-token-url", sandbox.appTokenUrl());
            String brokerUrl = "tcp://127.0.0.1:" + p.get("broker.embedded.port");
            try (Child child = Child.start(p, out.resolve("stream.log")); Jms jms = new Jms(brokerUrl)) {
                long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (!(sandbox.openActivityStreams() == 1 && sandbox.activitySubscriptions().stream()
                        .anyMatch(s -> s.eventType().equals("dm.received")))) {
                    if (System.nanoTime() > until) {
                        table.put("stream", "not measured: no stream or dm.received subscription within 60 s "
                                + "(see target/bench/stream.log)");
                        return;
                    }
                    Thread.sleep(100);
                }
                // warm-up (JIT, pools, the 2,000 customers), not counted
                streamBurst(sandbox, jms, 0, Math.min(2_000, events / 5));
                Result burst = streamBurst(sandbox, jms, 1_000_000, events);
                table.put("stream: ingest envelopes/s (" + events + " DMs injected at once)", String.format(
                        "%.0f/s, on queue=%d/%d", burst.perSecond(), burst.ok, events));
                table.put("stream: injection to queue p50/p95/p99", burst.percentiles());
                double rate = burst.perSecond();
                table.put("stream: stream/webhook (" + concurrency + " clients), stream/raw JMS", Double.isNaN(rawRate)
                        ? "n/a: phase ingest not run" : String.format("%.0f%% (webhook %.0f/s), %.0f%% (raw %.0f/s)",
                        100 * rate / webhookRate, webhookRate, 100 * rate / rawRate, rawRate));
                pacedStream(sandbox, brokerUrl, 5_000_000, pacedRate);
                if (lowRate > 0) {
                    pacedStream(sandbox, brokerUrl, 6_000_000, lowRate);
                }
                table.put("RSS after stream runs", mb(child.rssKb()) + " MB");
            }
        }
    }

    /** n DMs injected one after the other; each timed from just before its injection to the queue's consumer. */
    private Result streamBurst(TwitterSandbox sandbox, Jms jms, long idBase, int n) throws Exception {
        List<String> texts = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            texts.add(streamText(idBase + i));
        }
        long[] injected = new long[n];
        try (QueueClock queue = new QueueClock(jms)) {
            for (int i = 0; i < n; i++) {
                injected[i] = System.nanoTime();
                injectStreamDm(sandbox, i, texts.get(i));
            }
            queue.await(n, Duration.ofSeconds(60 + n / 20));
            return queue.since(texts, injected, injected[0]);
        } finally {
            jms.drain("twitter.inbound");
        }
    }

    private void pacedStream(TwitterSandbox sandbox, String brokerUrl, long idBase, int rate) throws Exception {
        int n = rate * pacedSeconds;
        List<String> texts = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            texts.add(streamText(idBase + i));
        }
        long[] due = new long[n];
        Result toQueue;
        try (Jms jms = new Jms(brokerUrl)) {
            try (QueueClock queue = new QueueClock(jms)) {
                paced(rate, due, i -> {
                    injectStreamDm(sandbox, i, texts.get(i));
                    return true;
                });
                queue.await(n, Duration.ofSeconds(60 + n / 20));
                toQueue = queue.since(texts, due, due[0]);
            }
            jms.drain("twitter.inbound");
        }
        table.put("stream paced " + rate + "/s x " + pacedSeconds + " s: event to queue", toQueue.percentiles()
                + String.format(", achieved %.0f/s, on queue=%d/%d", toQueue.perSecond(), toQueue.ok, n));
    }

    private static void injectStreamDm(TwitterSandbox sandbox, int i, String text) {
        sandbox.injectDirectMessage("scust" + (i % 2_000), "acme_support", text, List.of());
    }

    private static String streamText(long id) {
        return "stream message " + id;
    }

    // ---------------------------------------------------------------------------------------- phase 5

    /**
     * Many accounts in one instance: for each count of {@code bench.accounts}, that many accounts registered in the
     * sandbox (its real rate limits) and configured in a connector polling DMs and mentions every 120 s (so that
     * no poll is due until the idle window ends) with the default start checks (every account's credentials).
     * Measured: start to healthy (and the connector's CPU time until then, which depends less on what else runs on
     * the machine), the first round of polls (every account's DM list and mentions: its duration and the connector's
     * CPU per poll, cold JIT included), then, 30 s later (the JIT done with what the round ran), 20 s with no poll
     * due: threads, RSS and CPU; the WARN lines of the start (to the end of the idle window) and of the clean stop
     * (SIGTERM).
     */
    private void manyAccounts() throws Exception {
        for (String value : System.getProperty("bench.accounts", "100,1000").split(",")) {
            int count = Integer.parseInt(value.trim());
            try (TwitterSandbox sandbox = new TwitterSandbox("127.0.0.1", 0, 0).start()) {
                sandbox.enableRateLimits();
                Map<String, String> p = properties(sandbox, "accounts-" + count);
                p.remove("inbound.initial-delay");
                List<String> names = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    String name = "acct" + i;
                    names.add(name);
                    sandbox.registerAccount(5_000_000L + i, name, "Account " + i, "ck-" + i, "cs-" + i, "at-" + i,
                            "ats-" + i);
                    String k = "twitter.account." + name + ".";
                    p.put(k + "screen-name", name);
                    p.put(k + "consumer-key", "ck-" + i);
                    p.put(k + "consumer-secret", "cs-" + i);
                    p.put(k + "access-token", "at-" + i);
                    p.put(k + "access-token-secret", "ats-" + i);
                }
                p.keySet().removeIf(key -> key.startsWith("twitter.account.acme_support."));
                p.put("twitter.accounts", String.join(",", names));
                // no poll due from the first round to the end of the idle window
                p.put("inbound.dm.poll-delay", "120s");
                p.put("inbound.mention.poll-delay", "120s");
                Path log = out.resolve("accounts-" + count + ".log");
                String name = "accounts " + count + ": ";
                try (Child child = Child.start(p, log)) {
                    long healthyCpu = child.cpuTicks();
                    long roundStart = System.nanoTime();
                    int polls = 2 * count;
                    long until = System.nanoTime() + Duration.ofSeconds(120).toNanos();
                    while (sandbox.requestCount("dm_list") + sandbox.requestCount("mentions") < polls
                            && System.nanoTime() < until) {
                        Thread.sleep(50);
                    }
                    int done = sandbox.requestCount("dm_list") + sandbox.requestCount("mentions");
                    long roundMillis = (System.nanoTime() - roundStart) / 1_000_000;
                    Thread.sleep(2_000); // the last pages through the pipeline
                    long roundCpu = child.cpuTicks() - healthyCpu;
                    // the JIT compiles what the round ran for about 20 s more (JFR: 2.2 s of compilation in the 20 s
                    // after the round, 0.9 s in the next 20 s): idle is measured once most of that has settled, and
                    // what the compiler threads still took in it is shown beside
                    Thread.sleep(30_000);
                    long idleFrom = System.nanoTime();
                    long idleCpuFrom = child.cpuTicks();
                    long idleJitFrom = child.compilerTicks();
                    Thread.sleep(20_000);
                    double idleSeconds = (System.nanoTime() - idleFrom) / 1e9;
                    double idleCpu = 100.0 * (child.cpuTicks() - idleCpuFrom) / TICKS_PER_SECOND / idleSeconds;
                    double idleJit = 100.0 * (child.compilerTicks() - idleJitFrom) / TICKS_PER_SECOND / idleSeconds;
                    int threads = child.threads();
                    long rss = child.rssKb();
                    int pollsInIdle = sandbox.requestCount("dm_list") + sandbox.requestCount("mentions") - done;
                    long startWarns = warnLines(log);
                    child.close();
                    long stopWarns = warnLines(log) - startWarns;
                    table.put(name + "start to healthy", String.format("%d ms, %.1f s CPU (target for 1000: < 10000 ms)",
                            child.healthyMillis, healthyCpu / (double) TICKS_PER_SECOND));
                    table.put(name + "threads / idle RSS / idle CPU", String.format(
                            "%d / %d MB / %.1f%% of a core over %.0f s (JIT compiler threads %.1f%%), %d polls in it "
                                    + "(targets for 1000: < 150 / < 450 MB / < 5%%)", threads, mb(rss), idleCpu,
                            idleSeconds, idleJit, pollsInIdle));
                    table.put(name + "first round of polls", String.format(
                            "%d of %d polls in %d ms after healthy, %.1f ms CPU per poll (cold)", done, polls,
                            roundMillis, done == 0 ? 0.0 : roundCpu * 1000.0 / TICKS_PER_SECOND / done));
                    table.put(name + "WARN lines at start / at stop", startWarns + " / " + stopWarns + " (target 0)");
                }
            }
        }
    }

    /** The kernel's clock ticks per second of /proc/<pid>/stat (USER_HZ: 100 on Linux). */
    private static final long TICKS_PER_SECOND = 100;

    private static long warnLines(Path log) throws Exception {
        try (var lines = Files.lines(log, StandardCharsets.UTF_8)) {
            return lines.filter(line -> line.contains(" WARN ")).count();
        }
    }

    // ---------------------------------------------------------------------------------------- phase 6

    /**
     * What X bills per ingestion mode (issue 23): for poll v1.1, poll v2, xaa-webhook and xaa-stream in turn, a
     * fresh sandbox and connector; once the connector is ready (its start-up reads, the same whatever the traffic,
     * are then forgotten with {@code DELETE /sandbox/usage}), bench.cost.messages customer messages (half DMs from
     * one customer in five, half mentions) are taken in and each answered once (a DM reply by DM, a mention by a
     * public reply without a link) through the REST API; then the pollers go on for 3 s, as they do all day (reads
     * already billed that day are free). The figure is the sandbox's invoice scaled to 1,000 customer messages.
     */
    private void costPerMode() throws Exception {
        for (String mode : List.of("poll-v1.1", "poll-v2", "xaa-webhook", "xaa-stream")) {
            try (TwitterSandbox sandbox = new TwitterSandbox("127.0.0.1", 0, 0).start()) {
                sandbox.disableRateLimits();
                register(sandbox);
                Map<String, String> p = properties(sandbox, "cost");
                p.put("outbound.dm.daily-budget", "0");
                p.put("outbound.tweet.daily-budget", "0");
                p.put("outbound.dm.budget", "100000000");
                p.put("outbound.tweet.budget", "100000000");
                String k = "twitter.account.acme_support.";
                if (mode.startsWith("poll")) {
                    p.put(k + "dm-poll-delay", "200");
                    p.put(k + "mention-poll-delay", "200");
                    p.put(k + "api", mode.equals("poll-v2") ? "v2" : "v1.1");
                } else {
                    p.put(k + "ingestion", mode);
                    p.put("twitter.api.app-token-url", sandbox.appTokenUrl());
                    p.put("xaa.webhook.url", "http://127.0.0.1:" + p.get("camel.server.port") + "/webhooks/twitter");
                }
                String brokerUrl = "tcp://127.0.0.1:" + p.get("broker.embedded.port");
                try (Child child = Child.start(p, out.resolve("cost-" + mode + ".log")); Jms jms = new Jms(brokerUrl)) {
                    if (!ready(sandbox, mode)) {
                        table.put("cost " + mode, "not measured: not ready within 60 s (see target/bench/cost-" + mode
                                + ".log)");
                        continue;
                    }
                    sleep(1_000);
                    sandbox.clearUsage();
                    LocalDate first = LocalDate.now(ZoneOffset.UTC);
                    List<String> keys = new ArrayList<>();
                    int dms = costMessages / 2;
                    int customers = Math.max(1, dms / 5);
                    for (int i = 0; i < dms; i++) {
                        DirectMessageRef dm = sandbox.injectDirectMessage("payer" + (i % customers), "acme_support",
                                "help " + i, List.of());
                        keys.add("twitter:dm:" + ACCOUNT_ID + ":" + dm.senderId());
                    }
                    for (int i = dms; i < costMessages; i++) {
                        keys.add("twitter:thread:" + sandbox.injectMention("fan" + (i % customers),
                                "@acme_support mention " + i, null, List.of()).id());
                    }
                    int in = 0;
                    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
                    try (MessageConsumer consumer = jms.session.createConsumer(
                            jms.session.createQueue("twitter.inbound"))) {
                        while (in < costMessages && System.nanoTime() < deadline) {
                            if (consumer.receive(1000) != null) {
                                in++;
                            }
                        }
                    }
                    Result answered = replies(child, p, jms, keys, true, "rest");
                    sleep(3_000);
                    Map<String, Long> units = new java.util.TreeMap<>();
                    BigDecimal usd = BigDecimal.ZERO;
                    for (LocalDate day = first; !day.isAfter(LocalDate.now(ZoneOffset.UTC)); day = day.plusDays(1)) {
                        for (UsageRow row : sandbox.usage(day).rows()) {
                            units.merge(row.unit().name().toLowerCase(java.util.Locale.ROOT), row.units(), Long::sum);
                            usd = usd.add(row.costUsd());
                        }
                    }
                    double per1000 = 1000.0 / costMessages;
                    StringBuilder perUnit = new StringBuilder();
                    long total = 0;
                    for (Map.Entry<String, Long> e : units.entrySet()) {
                        perUnit.append(perUnit.length() == 0 ? "" : ", ").append(e.getKey()).append('=')
                                .append(Math.round(e.getValue() * per1000));
                        total += e.getValue();
                    }
                    table.put("cost " + mode + ": per 1,000 customer messages with replies", String.format(
                            "%.2f USD, %d units (%s); taken in %d/%d, replies sent %d/%d", usd.doubleValue() * per1000,
                            Math.round(total * per1000), perUnit, in, costMessages, answered.ok, keys.size()));
                }
            }
        }
    }

    /** Polled: the first polls answered; pushed: the stream open or the webhook valid, and the subscriptions made. */
    private static boolean ready(TwitterSandbox sandbox, String mode) {
        long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < until) {
            boolean ready = switch (mode) {
                case "poll-v1.1" -> sandbox.requestCount("dm_list") > 0 && sandbox.requestCount("mentions") > 0;
                case "poll-v2" -> sandbox.requestCount("v2_dm_events") > 0 && sandbox.requestCount("v2_mentions") > 0;
                case "xaa-webhook" -> sandbox.activityWebhooks().stream().anyMatch(w -> w.valid())
                        && sandbox.activitySubscriptions().stream().anyMatch(s -> s.eventType().equals("dm.received"));
                default -> sandbox.openActivityStreams() == 1
                        && sandbox.activitySubscriptions().stream().anyMatch(s -> s.eventType().equals("dm.received"));
            };
            if (ready) {
                return true;
            }
            sleep(100);
        }
        return false;
    }

    // ---------------------------------------------------------------------------------------- phases 3 and 4

    private void pollingAndReplies() throws Exception {
        try (TwitterSandbox sandbox = new TwitterSandbox("127.0.0.1", 0, 0).start()) {
            register(sandbox);
            sandbox.enableRateLimits();
            sandbox.scaleRateLimitWindows(windowScale);
            List<String> dmKeys = new ArrayList<>();
            int customers = Math.max(1, backlog / 5);
            for (int i = 0; i < backlog; i++) {
                DirectMessageRef dm = sandbox.injectDirectMessage("writer" + (i % customers), "acme_support",
                        "help " + i, List.of());
                if (i < customers) {
                    dmKeys.add("twitter:dm:" + ACCOUNT_ID + ":" + dm.senderId());
                }
            }
            for (int i = 0; i < backlog; i++) {
                sandbox.injectMention("fan" + (i % customers), "@acme_support mention " + i, null, List.of());
            }
            Map<String, String> p = properties(sandbox, "poll");
            p.put("twitter.account.acme_support.dm-poll-delay", "100");
            p.put("twitter.account.acme_support.mention-poll-delay", "100");
            p.put("outbound.dm.budget", "100000000");
            p.put("outbound.tweet.budget", "100000000");
            // 0 turns the daily budgets off: 1000 REST replies would otherwise spend the 1000-DM default and every
            // JMS reply after them would be a fast rejected/daily_limit_reached instead of a send
            p.put("outbound.dm.daily-budget", "0");
            p.put("outbound.tweet.daily-budget", "0");
            if (replyConsumers != null) {
                p.put("outbound.concurrent-consumers", Integer.toString(replyConsumers));
            }
            String brokerUrl = "tcp://127.0.0.1:" + p.get("broker.embedded.port");
            long start = System.nanoTime();
            try (Child child = Child.start(p, out.resolve("poll.log")); Jms jms = new Jms(brokerUrl)) {
                int dms = 0;
                int mentions = 0;
                long dmDone = 0;
                long mentionDone = 0;
                int dmRequests = 0;
                int mentionRequests = 0;
                long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
                MessageConsumer consumer = jms.session.createConsumer(jms.session.createQueue("twitter.inbound"));
                while ((dms < backlog || mentions < backlog) && System.nanoTime() < deadline) {
                    Message m = consumer.receive(1000);
                    if (m == null) {
                        continue;
                    }
                    if ("Twitter:Direct".equals(m.getStringProperty("TwitterKind"))
                            || String.valueOf(m.getStringProperty("_AMQ_DUPL_ID")).startsWith("dm:")) {
                        if (++dms == backlog) {
                            dmDone = System.nanoTime();
                            // counted when the channel's backlog is in: later requests are idle polls, not the backlog's
                            dmRequests = sandbox.requestCount("dm_list");
                        }
                    } else if (++mentions == backlog) {
                        mentionDone = System.nanoTime();
                        mentionRequests = sandbox.requestCount("mentions");
                    }
                }
                consumer.close();
                if (dmRequests == 0) {
                    dmRequests = sandbox.requestCount("dm_list");
                }
                if (mentionRequests == 0) {
                    mentionRequests = sandbox.requestCount("mentions");
                }
                table.put("poll: DMs delivered / dm_list requests", String.format("%d / %d = %.1f per request "
                        + "(target 50, minimum %d requests)", dms, dmRequests, (double) dms / Math.max(1, dmRequests),
                        (backlog + 49) / 50));
                table.put("poll: mentions delivered / mentions requests", String.format("%d / %d = %.1f per "
                        + "request (target 200, minimum %d)", mentions, mentionRequests,
                        (double) mentions / Math.max(1, mentionRequests), (backlog + 199) / 200));
                table.put("poll: other requests", String.format("users_lookup=%d users_show=%d "
                        + "verify_credentials=%d", sandbox.requestCount("users_lookup"),
                        sandbox.requestCount("users_show"), sandbox.requestCount("verify_credentials")));
                double window = 900 * windowScale;
                table.put("poll: time to drain (15-min window = " + window + " s)", String.format(
                        "DMs %.1f s (floor %.1f s = %d windows), mentions %.1f s (floor: 1 window)",
                        seconds(dmDone == 0 ? -1 : dmDone - start), Math.ceil((backlog + 49) / 50 / 15.0 - 1) * window,
                        (int) Math.ceil((backlog + 49) / 50 / 15.0), seconds(mentionDone == 0 ? -1 : mentionDone - start)));

                // replies: send limits are Twitter's (1000 DMs a day), so the sandbox's are off for this phase and
                // the connector's budgets raised; measured is what the connector can push, not what Twitter allows
                sandbox.disableRateLimits();
                jms.drain("twitter.reply.status");
                int n = Math.min(replies, dmKeys.size());
                // as the webhook's warm-up events: what is measured is the reply path compiled, not the JIT at work
                // (a profile of cold replies had the C2 compiler thread take more CPU than the senders)
                int w = Math.min(replyWarmup, dmKeys.size());
                if (w > 0) {
                    List<String> warmKeys = dmKeys.subList(dmKeys.size() - w, dmKeys.size());
                    replies(child, p, jms, warmKeys, true, "warm-rest");
                    replies(child, p, jms, warmKeys, false, "warm-jms");
                    jms.drain("twitter.reply.status");
                }
                long restCpu = child.cpuTicks();
                Result rest = replies(child, p, jms, dmKeys.subList(0, n), true, "rest");
                restCpu = child.cpuTicks() - restCpu;
                String consumers = replyConsumers == null ? "default" : replyConsumers.toString();
                table.put("replies REST (" + n + ", " + consumers + " consumers): replies/s",
                        String.format("%.0f/s (target >= 500), sent=%d/%d, connector CPU %.1f ms per reply",
                                rest.perSecond(), rest.ok, rest.count, restCpu * 1000.0 / TICKS_PER_SECOND / n));
                table.put("replies REST: submit to status p50/p95/p99", rest.percentiles());
                long jmsCpu = child.cpuTicks();
                Result viaJms = replies(child, p, jms, dmKeys.subList(0, n), false, "jms");
                jmsCpu = child.cpuTicks() - jmsCpu;
                table.put("replies JMS (" + n + ", " + concurrency + " producers, " + consumers
                        + " consumers): replies/s",
                        String.format("%.0f/s (target >= 500), sent=%d/%d, connector CPU %.1f ms per reply",
                                viaJms.perSecond(), viaJms.ok, viaJms.count,
                                jmsCpu * 1000.0 / TICKS_PER_SECOND / n));
                table.put("replies JMS: submit to status p50/p95/p99", viaJms.percentiles());
                table.put("RSS after polling and replies", mb(child.rssKb()) + " MB");
            }
        }
    }

    /**
     * A crash in the middle of a backlog: bench.backlog DMs waiting for acme_support (v1.1, the sandbox's rate limits
     * at the bench's window scale), the connector killed (SIGKILL) once it fetched 10 pages of the scan, then started
     * again on the same data: the DM list requests before the kill and after the restart until every DM is on the
     * queue, against the minimum (one request per page of 50).
     */
    private void crashMidBacklog() throws Exception {
        try (TwitterSandbox sandbox = new TwitterSandbox("127.0.0.1", 0, 0).start()) {
            register(sandbox);
            sandbox.enableRateLimits();
            sandbox.scaleRateLimitWindows(windowScale);
            int customers = Math.max(1, backlog / 5);
            for (int i = 0; i < backlog; i++) {
                sandbox.injectDirectMessage("writer" + (i % customers), "acme_support", "help " + i, List.of());
            }
            Map<String, String> p = properties(sandbox, "crash");
            p.put("twitter.account.acme_support.mentions-enabled", "false");
            p.put("twitter.account.acme_support.dm-poll-delay", "100");
            String brokerUrl = "tcp://127.0.0.1:" + p.get("broker.embedded.port");
            int beforeKill;
            try (Child first = Child.start(p, out.resolve("crash-first.log"))) {
                long until = System.nanoTime() + Duration.ofMinutes(2).toNanos();
                while (sandbox.requestCount("dm_list") < 10 && System.nanoTime() < until) {
                    Thread.sleep(10);
                }
                first.process.destroyForcibly().waitFor();
                beforeKill = sandbox.requestCount("dm_list");
            }
            int pagesBeforeKill = sandbox.dmListCursors().size();
            long start = System.nanoTime();
            int dms = 0;
            int afterRestart = 0;
            List<String> pages = List.of();
            try (Child second = Child.start(p, out.resolve("crash-second.log")); Jms jms = new Jms(brokerUrl)) {
                MessageConsumer consumer = jms.session.createConsumer(jms.session.createQueue("twitter.inbound"));
                Set<String> ids = new HashSet<>();
                long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
                while (ids.size() < backlog && System.nanoTime() < deadline) {
                    Message m = consumer.receive(1000);
                    if (m != null) {
                        // nothing is delivered before the scan reached the cursor: the first DM comes once the
                        // whole backlog is on the intake queue, later requests are the next polls
                        if (dms++ == 0) {
                            afterRestart = sandbox.requestCount("dm_list") - beforeKill;
                            pages = sandbox.dmListCursors();
                        }
                        ids.add(m.getStringProperty("_AMQ_DUPL_ID"));
                    }
                }
                consumer.close();
                table.put("crash mid-backlog: dm_list requests", String.format("%d before the kill + %d after the "
                        + "restart until the first DM = %d (minimum %d: no page fetched twice)", beforeKill, afterRestart,
                        beforeKill + afterRestart, (backlog + 49) / 50));
                table.put("crash mid-backlog: what the requests after the restart were", restartRequests(pages,
                        pagesBeforeKill, afterRestart));
                table.put("crash mid-backlog: DMs delivered", String.format("%d distinct of %d, %d received in all, "
                        + "drained %.1f s after the restart", ids.size(), backlog, dms, seconds(System.nanoTime() - start)));
            }
        }
    }

    /**
     * The DM list requests after the restart, by the cursors of the pages the sandbox served: pages of the scan (with
     * a cursor), those among them fetched before (a page fetched twice), the newest page (a poll's first request:
     * once the scan reached the cursor, a poll with nothing new) and requests refused (429).
     */
    private static String restartRequests(List<String> cursors, int beforeKill, int requests) {
        if (cursors.size() < beforeKill) {
            return "none counted: no DM reached the queue after the restart";
        }
        Set<String> seen = new HashSet<>(cursors.subList(0, beforeKill));
        int scanPages = 0;
        int twice = 0;
        int newest = 0;
        for (String cursor : cursors.subList(beforeKill, cursors.size())) {
            if (cursor.isEmpty()) {
                newest++;
            } else {
                scanPages++;
                if (!seen.add(cursor)) {
                    twice++;
                }
            }
        }
        int served = cursors.size() - beforeKill;
        return String.format("%d scan pages (%d of them a page already fetched), %d newest-page polls, %d refused "
                + "(429)", scanPages, twice, newest, requests - served);
    }

    /** One reply per conversation key; latency from submit to its status event on twitter.reply.status. */
    private Result replies(Child child, Map<String, String> p, Jms jms, List<String> keys, boolean rest, String way)
            throws Exception {
        Map<String, Long> submitted = new ConcurrentHashMap<>();
        Map<String, Long> answered = new ConcurrentHashMap<>();
        AtomicInteger sent = new AtomicInteger();
        Connection c = jms.factory.createConnection();
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageConsumer statusConsumer = s.createConsumer(s.createQueue("twitter.reply.status"));
        statusConsumer.setMessageListener(m -> {
            try {
                String id = m.getStringProperty("ReplyId");
                answered.putIfAbsent(id, System.nanoTime());
                if ("sent".equals(m.getStringProperty("ReplyStatus"))) {
                    sent.incrementAndGet();
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        c.start();
        String api = "http://127.0.0.1:" + p.get("camel.server.port") + "/api/v1/replies";
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        List<Future<?>> done = new ArrayList<>();
        if (rest) {
            for (int i = 0; i < keys.size(); i++) {
                String id = way + "-" + i;
                HttpRequest r = HttpRequest.newBuilder(URI.create(api)).timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/json").header("X-API-Key", API_KEY)
                        .POST(HttpRequest.BodyPublishers.ofString(replyBody(id, keys.get(i)))).build();
                done.add(pool.submit(() -> {
                    submitted.put(id, System.nanoTime());
                    return post(r);
                }));
            }
        } else {
            // as many persistent producers as REST clients, each with its own session, so that the figure is the
            // connector's and not one producer's journal round trips
            for (int t = 0; t < concurrency; t++) {
                int first = t;
                done.add(pool.submit(() -> {
                    Session ps = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
                    MessageProducer producer = ps.createProducer(ps.createQueue("twitter.replies"));
                    for (int i = first; i < keys.size(); i += concurrency) {
                        String id = way + "-" + i;
                        submitted.put(id, System.nanoTime());
                        TextMessage m = ps.createTextMessage(replyBody(id, keys.get(i)));
                        // no JMSXGroupID: the connector's reply intake puts each request in its conversation's group
                        producer.send(m);
                    }
                    ps.close();
                    return null;
                }));
            }
        }
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (answered.size() < keys.size() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        long end = answered.values().stream().mapToLong(Long::longValue).max().orElse(System.nanoTime());
        c.close();
        long[] latencies = submitted.entrySet().stream().filter(e -> answered.containsKey(e.getKey()))
                .mapToLong(e -> answered.get(e.getKey()) - e.getValue()).toArray();
        return new Result(keys.size(), sent.get(), end - start, latencies);
    }

    // ---------------------------------------------------------------------------------------- helpers

    /** One DM reply request, the same JSON by REST and by JMS. */
    private static String replyBody(String replyId, String conversationKey) {
        return "{\"replyId\":\"" + replyId + "\",\"conversationKey\":\"" + conversationKey + "\",\"text\":\"Reply "
                + replyId + "\"}";
    }

    private static void register(TwitterSandbox sandbox) {
        sandbox.registerAccount(ACCOUNT_ID, "acme_support", "ACME Support", "ck-test", SECRET, "at-42", "ats-42");
    }

    private static Map<String, String> properties(TwitterSandbox sandbox, String name) throws Exception {
        Path dataDir = Files.createTempDirectory("bench-" + name);
        Map<String, String> p = new LinkedHashMap<>();
        p.put("twitter.accounts", "acme_support");
        String k = "twitter.account.acme_support.";
        p.put(k + "screen-name", "acme_support");
        p.put(k + "consumer-key", "ck-test");
        p.put(k + "consumer-secret", SECRET);
        p.put(k + "access-token", "at-42");
        p.put(k + "access-token-secret", "ats-42");
        p.put("sandbox.enabled", "false");
        p.put("twitter.api.rest-base-url", sandbox.restBaseUrl());
        p.put("twitter.api.v2-base-url", sandbox.v2BaseUrl());
        p.put("twitter.api.oauth2-token-url", sandbox.oauth2TokenUrl());
        p.put("connector.data-dir", dataDir.toString());
        p.put("broker.embedded.port", Integer.toString(freePort()));
        p.put("camel.server.port", Integer.toString(freePort()));
        // not the default 9876: a connector or test running beside the bench would make the start log a WARN
        p.put("camel.management.port", Integer.toString(freePort()));
        p.put("api.keys", API_KEY);
        p.put("inbound.initial-delay", "100");
        return p;
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static String dmEvent(long accountId, long dmId, long senderId, String screenName, String text) {
        return ("{\"for_user_id\":\"%d\",\"direct_message_events\":[{\"type\":\"message_create\",\"id\":\"%d\","
                + "\"created_timestamp\":\"%d\",\"message_create\":{\"target\":{\"recipient_id\":\"%d\"},"
                + "\"sender_id\":\"%d\",\"message_data\":{\"text\":\"%s\",\"entities\":{\"hashtags\":[],"
                + "\"symbols\":[],\"user_mentions\":[],\"urls\":[]}}}}],\"users\":{\"%d\":{\"id\":\"%d\","
                + "\"name\":\"%s\",\"screen_name\":\"%s\"}}}").formatted(accountId, dmId,
                Instant.now().toEpochMilli(), accountId, senderId, text, senderId, senderId, screenName, screenName);
    }

    private static String hmac(byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static long mb(long kb) {
        return kb / 1024;
    }

    private static double seconds(long nanos) {
        return nanos < 0 ? -1 : nanos / 1e9;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    record Result(int count, int ok, long elapsedNanos, long[] latencies) {
        double perSecond() {
            return count / (elapsedNanos / 1e9);
        }

        String percentiles() {
            long[] sorted = latencies.clone();
            Arrays.sort(sorted);
            if (sorted.length == 0) {
                return "n/a";
            }
            return String.format("%.1f / %.1f / %.1f ms", at(sorted, 0.50), at(sorted, 0.95), at(sorted, 0.99));
        }

        private static double at(long[] sorted, double q) {
            return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)] / 1e6;
        }
    }

    record Received(String body, Map<String, Object> properties) {
    }

    /** A plain JMS client on the connector's broker. */
    static final class Jms implements AutoCloseable {
        final ActiveMQConnectionFactory factory;
        final Connection connection;
        final Session session;

        Jms(String url) throws Exception {
            factory = new ActiveMQConnectionFactory(url);
            connection = factory.createConnection();
            connection.start();
            session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        }

        static Received received(Message m) throws JMSException {
            Map<String, Object> props = new LinkedHashMap<>();
            Enumeration<?> names = m.getPropertyNames();
            while (names.hasMoreElements()) {
                String name = (String) names.nextElement();
                props.put(name, m.getObjectProperty(name));
            }
            return new Received(((TextMessage) m).getText(), props);
        }

        List<Received> drain(String queue) throws Exception {
            List<Received> out = new ArrayList<>();
            try (MessageConsumer consumer = session.createConsumer(session.createQueue(queue))) {
                Message m;
                while ((m = consumer.receive(2_000)) != null) {
                    out.add(received(m));
                }
            }
            return out;
        }

        @Override
        public void close() throws Exception {
            connection.close();
            factory.close();
        }
    }

    /**
     * When each envelope reached a consumer of twitter.inbound (a listener on its own session of {@code jms}), by its
     * text: the "queue time" of the event-to-queue figures.
     */
    static final class QueueClock implements AutoCloseable {
        private static final ObjectMapper JSON = new ObjectMapper();
        private final Map<String, Long> received = new ConcurrentHashMap<>();
        /** The envelopes as they came (text and properties). */
        final List<Received> envelopes = Collections.synchronizedList(new ArrayList<>());
        private final Session session;

        QueueClock(Jms jms) throws Exception {
            session = jms.connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            session.createConsumer(session.createQueue("twitter.inbound")).setMessageListener(m -> {
                long at = System.nanoTime();
                try {
                    received.putIfAbsent(JSON.readTree(((TextMessage) m).getText()).path("text").asText(), at);
                    envelopes.add(Jms.received(m));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
        }

        void await(int n, Duration timeout) throws InterruptedException {
            long until = System.nanoTime() + timeout.toNanos();
            while (received.size() < n && System.nanoTime() < until) {
                Thread.sleep(20);
            }
        }

        /**
         * The events received so far: their count, their rate from {@code start} to the last receipt, each one's
         * time from {@code eventNanos[i]} (same index as {@code texts}) to its receipt.
         */
        Result since(List<String> texts, long[] eventNanos, long start) {
            long[] latencies = new long[texts.size()];
            int n = 0;
            long last = start;
            for (int i = 0; i < texts.size(); i++) {
                Long at = received.get(texts.get(i));
                if (at != null) {
                    latencies[n++] = at - eventNanos[i];
                    last = Math.max(last, at);
                }
            }
            return new Result(n, n, last - start, Arrays.copyOf(latencies, n));
        }

        @Override
        public void close() throws Exception {
            session.close();
        }
    }

    /** ConnectorMain in its own JVM, as ConnectorProcess starts it; start-up timed to healthy. */
    static final class Child implements AutoCloseable {
        final Process process;
        final Path log;
        long healthyMillis = -1;
        long startedLineMillis = -1;

        private Child(Process process, Path log) {
            this.process = process;
            this.log = log;
        }

        static Child start(Map<String, String> properties, Path log) throws Exception {
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.add("-Xmx512m");
            command.add("-Duser.timezone=UTC");
            String extra = System.getProperty("bench.child-jvm-args", "").trim();
            if (!extra.isEmpty()) {
                command.addAll(List.of(extra.split("\\s+")));
            }
            command.add("-Dlog4j2.configurationFile=classpath:twitter-helpdesk/log4j2.properties");
            properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
            command.add("-cp");
            command.add(System.getProperty("java.class.path"));
            command.add("io.twitterhelpdesk.app.ConnectorMain");
            return start(command, Map.of(), Integer.parseInt(properties.get("camel.server.port")), log);
        }

        /** Runs {@code command} (with {@code env} added) in this project's directory, until its REST port answers. */
        static Child start(List<String> command, Map<String, String> env, int port, Path log) throws Exception {
            Files.deleteIfExists(log);
            long t0 = System.nanoTime();
            ProcessBuilder builder = new ProcessBuilder(command).directory(new File(System.getProperty("user.dir")))
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().putAll(env);
            Process process = builder.start();
            Child child = new Child(process, log);
            long until = System.nanoTime() + Duration.ofSeconds(Long.getLong("bench.start-timeout-seconds", 90)).toNanos();
            while (System.nanoTime() < until && (child.healthyMillis < 0 || child.startedLineMillis < 0)) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("the connector exited: " + Files.readString(log));
                }
                if (child.healthyMillis < 0 && answers(port)) {
                    child.healthyMillis = (System.nanoTime() - t0) / 1_000_000;
                }
                if (child.startedLineMillis < 0 && Files.exists(log) && Files.readString(log).contains(") started in ")) {
                    child.startedLineMillis = (System.nanoTime() - t0) / 1_000_000;
                }
                Thread.sleep(10);
            }
            if (child.healthyMillis < 0) {
                child.close();
                throw new IllegalStateException("the connector did not start: " + Files.readString(log));
            }
            return child;
        }

        private static boolean answers(int port) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                s.setSoTimeout(1000);
                s.getOutputStream().write(("GET /webhooks/twitter?crc_token=health HTTP/1.1\r\nHost: x\r\n"
                        + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                byte[] head = new byte[12];
                int n = s.getInputStream().readNBytes(head, 0, 12);
                return n == 12 && new String(head, StandardCharsets.US_ASCII).startsWith("HTTP/1.1 200");
            } catch (Exception e) {
                return false;
            }
        }

        /** utime + stime of the process so far, in clock ticks (/proc/<pid>/stat fields 14 and 15). */
        long cpuTicks() {
            try {
                String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            } catch (Exception e) {
                return -1;
            }
        }

        /** User and system clock ticks of the JVM's JIT compiler threads (C1, C2), from /proc/<pid>/task. */
        long compilerTicks() {
            long ticks = 0;
            try (var tasks = Files.list(Path.of("/proc", Long.toString(process.pid()), "task"))) {
                for (Path task : tasks.toList()) {
                    try {
                        String stat = Files.readString(task.resolve("stat"));
                        String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                        if (name.matches("C[12] CompilerThre.*")) {
                            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                            ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                        }
                    } catch (Exception e) {
                        // a thread that ended meanwhile
                    }
                }
            } catch (Exception e) {
                return -1;
            }
            return ticks;
        }

        /** The process's thread count (/proc/<pid>/status Threads). */
        int threads() {
            try {
                for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                    if (line.startsWith("Threads:")) {
                        return Integer.parseInt(line.replaceAll("[^0-9]", ""));
                    }
                }
            } catch (Exception e) {
                // gone
            }
            return -1;
        }

        long rssKb() {
            try {
                for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                    if (line.startsWith("VmRSS:")) {
                        return Long.parseLong(line.replaceAll("[^0-9]", ""));
                    }
                }
            } catch (Exception e) {
                // gone
            }
            return -1;
        }

        @Override
        public void close() throws Exception {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }
}
