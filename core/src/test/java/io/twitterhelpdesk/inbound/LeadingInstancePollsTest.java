package io.twitterhelpdesk.inbound;

import java.util.Map;
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
 * The pollers' strategy with real scheduler routes whose schedule is far away (10 minutes): only the leading instance
 * polls, an instance that takes an account over polls it at once, and one route's polls never overlap.
 */
class LeadingInstancePollsTest {

    private final AtomicBoolean leadsAcme = new AtomicBoolean();
    private final AtomicInteger acmePolls = new AtomicInteger();
    private final AtomicInteger otherPolls = new AtomicInteger();
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicBoolean holdAcmePoll = new AtomicBoolean();
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
    private DefaultCamelContext context;
    private LeadingInstancePolls strategy;

    @BeforeEach
    void start() throws Exception {
        strategy = new LeadingInstancePolls(Map.of("poll-dm-acme", "acme", "poll-dm-other", "other"),
                account -> account.equals("acme") ? leadsAcme.get() : true);
        context = new DefaultCamelContext();
        context.getRegistry().bind("strategy", strategy);
        context.getRegistry().bind("exec", scheduler);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                String options = "?delay=600000&initialDelay=0&pollStrategy=#strategy&scheduledExecutorService=#exec";
                from("scheduler:poll-dm-acme" + options).routeId("poll-dm-acme").process(e -> {
                    acmePolls.incrementAndGet();
                    if (holdAcmePoll.get()) {
                        release.await(10, TimeUnit.SECONDS);
                    }
                });
                from("scheduler:poll-dm-other" + options).routeId("poll-dm-other")
                        .process(e -> otherPolls.incrementAndGet());
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
    void anInstanceThatTakesAnAccountOverPollsItAtOnceNotAtItsNextDueRun() throws Exception {
        await(() -> otherPolls.get() == 1);
        assertThat(acmePolls).as("not the leader of acme: its first run was skipped").hasValue(0);

        leadsAcme.set(true);
        strategy.pollNow(context, "acme", scheduler);

        await(() -> acmePolls.get() == 1);
        Thread.sleep(200);
        assertThat(otherPolls).as("only the account taken over polls").hasValue(1);
    }

    @Test
    void aRunThatComesWhileTheRoutesPollIsGoingIsSkipped() throws Exception {
        leadsAcme.set(true);
        holdAcmePoll.set(true);
        strategy.pollNow(context, "acme", scheduler);
        await(() -> acmePolls.get() == 1);

        strategy.pollNow(context, "acme", scheduler);
        Thread.sleep(300);
        assertThat(acmePolls).as("the second run met the first still polling").hasValue(1);

        release.countDown();
        holdAcmePoll.set(false);
        Thread.sleep(100);
        strategy.pollNow(context, "acme", scheduler);
        await(() -> acmePolls.get() == 2);
    }

    @Test
    void aTakeOverBeforeThePollersStartedLeavesThemToTheirFirstRun() throws Exception {
        context.getRouteController().stopRoute("poll-dm-acme");
        leadsAcme.set(true);
        strategy.pollNow(context, "acme", scheduler);
        Thread.sleep(300);
        assertThat(acmePolls).hasValue(0);
    }

    private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within 10 s").isLessThan(until);
            Thread.sleep(10);
        }
    }
}
