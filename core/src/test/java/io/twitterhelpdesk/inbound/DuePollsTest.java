package io.twitterhelpdesk.inbound;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The scheduler of due polls with a real route it feeds: account "acme" is polled every 50 ms, "other" every 10
 * minutes (its first run at the start). Only the leading instance polls, an instance that takes an account over polls
 * it at once, one account's channel never polls twice at the same time, and the polls stop with the route.
 */
class DuePollsTest {

    private final AtomicBoolean leadsAcme = new AtomicBoolean(true);
    private final Map<String, AtomicInteger> polls = new ConcurrentHashMap<>();
    private final AtomicBoolean holdOtherPoll = new AtomicBoolean();
    private final CountDownLatch release = new CountDownLatch(1);
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
    private final DuePolls duePolls = new DuePolls(List.of(
            new DuePolls.Poll("acme", "dm", "dmPoller", 50),
            new DuePolls.Poll("other", "dm", "v2DmPoller", 600_000)), scheduler, 0);
    private DefaultCamelContext context;

    @BeforeEach
    void start() throws Exception {
        duePolls.leadBy(account -> !account.equals("acme") || leadsAcme.get());
        context = new DefaultCamelContext();
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:account-poll").routeId("account-poll").routePolicy(duePolls).process(e -> {
                    String account = e.getMessage().getHeader(DuePolls.ACCOUNT, String.class);
                    polls.computeIfAbsent(account + " " + e.getMessage().getHeader(DuePolls.POLLER), k -> new AtomicInteger())
                            .incrementAndGet();
                    if (account.equals("other") && holdOtherPoll.get()) {
                        release.await(10, TimeUnit.SECONDS);
                    }
                });
            }
        });
        context.start();
    }

    @AfterEach
    void stop() {
        release.countDown();
        context.stop();
        scheduler.shutdownNow();
    }

    @Test
    void eachAccountIsPolledAtItsOwnDelayWithItsPoller() throws Exception {
        await(() -> count("acme dmPoller") >= 5);
        assertThat(count("other v2DmPoller")).as("other: its first run only").isEqualTo(1);
    }

    @Test
    void anAccountThisInstanceDoesNotLeadIsNotPolledUntilItTakesItOverThenAtOnce() throws Exception {
        leadsAcme.set(false);
        Thread.sleep(100); // a poll that began before
        int before = count("acme dmPoller");
        Thread.sleep(300);
        assertThat(count("acme dmPoller")).as("not the leader of acme: its runs skipped").isEqualTo(before);

        duePolls.pollNow("other");
        await(() -> count("other v2DmPoller") == 2);
        assertThat(count("acme dmPoller")).as("only the account taken over polls").isEqualTo(before);
    }

    @Test
    void aRunThatComesWhileTheAccountsPollIsGoingIsSkipped() throws Exception {
        await(() -> count("other v2DmPoller") == 1);
        holdOtherPoll.set(true);
        duePolls.pollNow("other");
        await(() -> count("other v2DmPoller") == 2);

        duePolls.pollNow("other");
        Thread.sleep(300);
        assertThat(count("other v2DmPoller")).as("the second run met the first still polling").isEqualTo(2);

        holdOtherPoll.set(false);
        release.countDown();
        Thread.sleep(100);
        duePolls.pollNow("other");
        await(() -> count("other v2DmPoller") == 3);
    }

    @Test
    void stoppingTheRouteStopsEveryPollAndStartingItSchedulesThemAgain() throws Exception {
        await(() -> count("acme dmPoller") >= 2);
        context.getRouteController().stopRoute("account-poll");
        int stopped = count("acme dmPoller");
        duePolls.pollNow("other");
        Thread.sleep(300);
        assertThat(count("acme dmPoller")).isEqualTo(stopped);
        assertThat(count("other v2DmPoller")).as("no take-over poll while stopped").isEqualTo(1);

        context.getRouteController().startRoute("account-poll");
        await(() -> count("acme dmPoller") >= stopped + 2 && count("other v2DmPoller") == 2);
    }

    private int count(String key) {
        AtomicInteger n = polls.get(key);
        return n == null ? 0 : n.get();
    }

    private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within 10 s").isLessThan(until);
            Thread.sleep(10);
        }
    }
}
