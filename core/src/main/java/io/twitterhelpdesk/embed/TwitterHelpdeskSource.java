package io.twitterhelpdesk.embed;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import io.twitterhelpdesk.account.Account;
import io.twitterhelpdesk.account.AccountRegistry;
import io.twitterhelpdesk.account.ApiVersion;
import io.twitterhelpdesk.config.Settings;
import io.twitterhelpdesk.config.StateConfig;
import io.twitterhelpdesk.envelope.Envelope;
import io.twitterhelpdesk.inbound.PolledMessage;
import io.twitterhelpdesk.routing.RunsWithItsRoute;
import io.twitterhelpdesk.pipeline.InboundSteps;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.Route;
import org.apache.camel.support.service.ServiceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import twitter4j.TwitterException;

/**
 * The local bean of the Kamelet {@code twitter-helpdesk-source}, the connector's one inbound pipeline: its steps
 * ({@link InboundSteps}), and, given an account, the poller of that company account that feeds it.
 * <ul>
 * <li>With an account (the Kamelet in another Camel application): the account's DMs and mentions, polled with the
 * connector's own pollers (persisted cursors, rate-limit gate, backoff), echoes marked by them, while the Kamelet's
 * route runs (this bean is its route policy); the steps are this account's, in the Kamelet's state database (no
 * media endpoint serves DM files there, so X's links stay, and nothing is counted).</li>
 * <li>Without (the standalone connector's route deliver-envelope): nothing is polled here, the connector's pollers,
 * webhook and stream send the messages; the steps are the registry's {@value #CONNECTOR_STEPS}.</li>
 * </ul>
 * The timer ticks every second; {@link #poll} polls a channel only when its own delay (the account's
 * {@code dm-poll-delay}, {@code mention-poll-delay}) has passed since its last poll. A Kamelet has one route, the pipeline, so the poll that
 * feeds it is this timer rather than a scheduler route.
 */
public final class TwitterHelpdeskSource extends KameletAccount implements InboundSteps, RunsWithItsRoute {

    private static final Logger LOG = LoggerFactory.getLogger(TwitterHelpdeskSource.class);
    private static final long TICK_MILLIS = 1000;
    /** The standalone connector's steps bean. */
    static final String CONNECTOR_STEPS = "inboundSteps";

    private String input;

    private ConnectorBeans.Inbound inbound;
    private Account account;
    private volatile InboundSteps steps;
    private ScheduledExecutorService ticks;
    private ProducerTemplate producer;
    private final Map<String, Instant> nextPoll = new LinkedHashMap<>();

    private boolean polls() {
        return hasAccount();
    }

    /** The account's new messages (oldest first, echoes marked) of every channel whose poll delay has passed. */
    List<PolledMessage> poll() {
        List<PolledMessage> out = new ArrayList<>();
        if (account.directMessagesEnabled() && due(PolledMessage.DM, account.directMessagePollDelayMillis())) {
            out.addAll(account.api() == ApiVersion.V2 ? inbound.v2DmPoller().poll(account.name())
                    : inbound.dmPoller().poll(account.name()));
        }
        if (account.mentionsEnabled() && due(PolledMessage.MENTION, account.mentionPollDelayMillis())) {
            out.addAll(account.api() == ApiVersion.V2 ? inbound.v2MentionPoller().poll(account.name())
                    : inbound.mentionPoller().poll(account.name()));
        }
        return out;
    }
    private boolean due(String channel, long delayMillis) {
        Instant now = getClock().instant();
        Instant next = nextPoll.get(channel);
        if (next != null && now.isBefore(next)) {
            return false;
        }
        nextPoll.put(channel, now.plusMillis(delayMillis));
        return true;
    }

    @Override
    protected void doStart() {
        if (!polls()) {
            return;
        }
        Settings settings = settings();
        AccountRegistry registry = registry(settings);
        account = registry.get(accountName());
        StateConfig stateConfig = settings.bind(new StateConfig());
        DataSource state = database(stateConfig);
        ConnectorBeans.TwitterAccess shared = accounts().twitter(this, stateConfig.url(), state, registry, settings);
        inbound = ConnectorBeans.inbound(settings,
                new ConnectorBeans.TwitterAccess(registry, shared.clients(), shared.xApi()), state, getClock());
        steps = inbound.steps(null, null);
        ServiceHelper.startService(steps);
        producer = getCamelContext().createProducerTemplate();
    }

    @Override
    protected void doStop() {
        stopPolling();
        if (producer != null) {
            ServiceHelper.stopService(producer);
        }
        if (polls() && steps != null) {
            ServiceHelper.stopService(steps);
        }
    }

    /** The steps: this account's, or the connector's (found, and started, when the first message comes). */
    private InboundSteps steps() {
        InboundSteps found = steps;
        if (found == null) {
            found = getCamelContext().getRegistry().lookupByNameAndType(CONNECTOR_STEPS, InboundSteps.class);
            if (found == null) {
                throw new IllegalStateException("The source Kamelet has no account and the registry no "
                        + CONNECTOR_STEPS + " bean: give it the account to poll");
            }
            ServiceHelper.startService(found);
            steps = found;
        }
        return found;
    }

    // the Kamelet's route policy: the account is polled while the route runs

    @Override
    public synchronized void routeRuns(Route route) {
        if (polls() && ticks == null) {
            ticks = getCamelContext().getExecutorServiceManager().newSingleThreadScheduledExecutor(this,
                    "twitter-helpdesk-source-" + accountName());
            ticks.scheduleWithFixedDelay(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void routeStops() {
        stopPolling();
    }

    private synchronized void stopPolling() {
        if (ticks != null) {
            getCamelContext().getExecutorServiceManager().shutdownGraceful(ticks);
            ticks = null;
        }
    }

    /**
     * The new messages of each channel whose delay has passed, oldest first, each sent in an exchange of its own to
     * the Kamelet's input; the first one that fails stops the batch, and it stays pending (the cursor has not moved
     * past it): it is fetched again at the next poll.
     */
    private void tick() {
        try {
            for (PolledMessage message : poll()) {
                Exchange done = producer.send("direct:" + input, exchange -> exchange.getMessage().setBody(message));
                if (done.isFailed()) {
                    LOG.warn("Twitter helpdesk source {}: emitting stopped at {} ({}); it stays pending and is fetched"
                            + " again at the next poll", accountName(), message, done.getException().getMessage());
                    return;
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("Twitter helpdesk source {}: poll failed ({}); tried again at the next poll", accountName(),
                    e.getMessage());
        }
    }

    // the Kamelet's steps (InboundSteps)

    @Override
    public void received(PolledMessage message) {
        steps().received(message);
    }

    @Override
    public void dropped(PolledMessage message) {
        steps().dropped(message);
    }

    @Override
    public void duplicate(PolledMessage message) {
        steps().duplicate(message);
    }

    @Override
    public void delivered(PolledMessage message) {
        steps().delivered(message);
    }

    @Override
    public void lock(PolledMessage message) throws InterruptedException {
        steps().lock(message);
    }

    @Override
    public void unlock(PolledMessage message) {
        steps().unlock(message);
    }

    @Override
    public Envelope envelope(PolledMessage message) throws TwitterException {
        return steps().envelope(message);
    }

    @Override
    public void record(Envelope envelope, PolledMessage message) {
        steps().record(envelope, message);
    }

    @Override
    public void handled(PolledMessage message) {
        steps().handled(message);
    }

    @Override
    public boolean add(String key) {
        return steps().add(key);
    }

    @Override
    public boolean contains(String key) {
        return steps().contains(key);
    }

    @Override
    public boolean add(Exchange exchange, String key) {
        return steps().add(exchange, key);
    }

    @Override
    public boolean contains(Exchange exchange, String key) {
        return steps().contains(exchange, key);
    }

    @Override
    public boolean remove(String key) {
        return steps().remove(key);
    }

    @Override
    public boolean confirm(String key) {
        return steps().confirm(key);
    }

    @Override
    public void clear() {
        steps().clear();
    }

    public void setInput(String input) {
        this.input = input;
    }

}
