package io.twitterhelpdesk.inbound;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import io.twitterhelpdesk.account.Account;
import io.twitterhelpdesk.account.AccountRegistry;
import io.twitterhelpdesk.account.ApiVersion;
import io.twitterhelpdesk.routing.RunsWithItsRoute;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduler of due polls: every polled account's DM and mention polls, each at its own delay (the account's
 * {@code dm-poll-delay}, {@code mention-poll-delay}), on one scheduled pool ({@code inbound.poll-threads} threads),
 * each due poll an exchange of the one route that polls (route {@code account-poll}, whose route policy this is):
 * header {@value #ACCOUNT} names the account and {@value #POLLER} its poller bean ({@code dmPoller},
 * {@code mentionPoller} for API v1.1, {@code v2DmPoller}, {@code v2MentionPoller} for X API v2).
 * <ul>
 * <li>The polls are scheduled while that route runs: stopping or suspending it stops every account's polling, and
 * the connector stopping cancels them before its routes stop.</li>
 * <li>A due poll runs only where this instance leads the account ({@link #leadBy}, leases in the state database);
 * elsewhere it is skipped. An instance that takes an account over polls it at once ({@link #pollNow}), not at its
 * next due run, which may be a whole poll delay away.</li>
 * <li>One poll of an account's channel runs at a time: a due run that comes while one is still going (the one started
 * at a takeover meeting a scheduled one) is skipped.</li>
 * </ul>
 * A route per account and channel did the same with a scheduler consumer each: with 1,000 accounts, their 2,000
 * routes took about 3 s more to start and 80 MB more memory when idle (medians of several runs, BENCHMARKS.md).
 */
public final class DuePolls implements RunsWithItsRoute {

    /** The header naming the polled account. */
    public static final String ACCOUNT = "TwitterAccount";
    /** The header naming the poller bean. */
    public static final String POLLER = "TwitterPoller";

    private static final Logger LOG = LoggerFactory.getLogger(DuePolls.class);

    /** One account's poll of one channel, every {@code delayMillis}. */
    public record Poll(String account, String channel, String poller, long delayMillis) {

        @Override
        public String toString() {
            return channel + " poll of " + account;
        }
    }

    private final List<Poll> polls;
    private final ScheduledExecutorService scheduler;
    private final long initialDelayMillis;
    private final Set<Poll> running = ConcurrentHashMap.newKeySet();
    private final List<ScheduledFuture<?>> scheduled = new ArrayList<>();
    private volatile Predicate<String> leadsAccount = account -> false;
    private volatile Endpoint target;
    private volatile ProducerTemplate producer;

    /**
     * @param polls              every account's polls
     * @param scheduler          the pool that runs them
     * @param initialDelayMillis from the route's start to each poll's first run
     */
    public DuePolls(List<Poll> polls, ScheduledExecutorService scheduler, long initialDelayMillis) {
        this.polls = List.copyOf(polls);
        this.scheduler = scheduler;
        this.initialDelayMillis = initialDelayMillis;
    }

    /** The polls of the polled accounts' enabled channels, each at the account's delay, with its API's poller. */
    public static DuePolls of(AccountRegistry accounts, ScheduledExecutorService scheduler, long initialDelayMillis) {
        List<Poll> polls = new ArrayList<>();
        for (Account account : accounts.all()) {
            if (!account.polled()) {
                continue;
            }
            if (account.directMessagesEnabled()) {
                polls.add(poll(account, PolledMessage.DM, account.directMessagePollDelayMillis()));
            }
            if (account.mentionsEnabled()) {
                polls.add(poll(account, PolledMessage.MENTION, account.mentionPollDelayMillis()));
            }
        }
        return new DuePolls(polls, scheduler, initialDelayMillis);
    }

    private static Poll poll(Account account, String channel, long delayMillis) {
        String poller = (account.api() == ApiVersion.V2
                ? "v2" + channel.substring(0, 1).toUpperCase(Locale.ROOT) + channel.substring(1) : channel) + "Poller";
        return new Poll(account.name(), channel, poller, delayMillis);
    }

    /** Every poll, in the order of the configured accounts. */
    public List<Poll> polls() {
        return polls;
    }

    /** The accounts that have at least one poll. */
    public Collection<String> polledAccounts() {
        Set<String> out = new LinkedHashSet<>();
        polls.forEach(poll -> out.add(poll.account()));
        return out;
    }

    /** From now on a due poll runs only where this holds for its account (this instance leads it). */
    public void leadBy(Predicate<String> leadsAccount) {
        this.leadsAccount = leadsAccount;
    }

    /**
     * Runs the account's polls now, besides their schedule: called when this instance has just taken the account
     * over. Nothing while the polls are not scheduled (the route not started yet: they run at their first due time).
     */
    public void pollNow(String account) {
        if (target == null) {
            return;
        }
        for (Poll poll : polls) {
            if (poll.account().equals(account)) {
                scheduler.execute(() -> run(poll));
            }
        }
    }

    /** The route started or resumed: every poll scheduled, the first after the initial delay. */
    @Override
    public synchronized void routeRuns(Route route) {
        cancel();
        if (producer == null) {
            producer = route.getCamelContext().createProducerTemplate();
        }
        target = route.getEndpoint();
        for (Poll poll : polls) {
            scheduled.add(scheduler.scheduleWithFixedDelay(() -> run(poll), initialDelayMillis, poll.delayMillis(),
                    TimeUnit.MILLISECONDS));
        }
        LOG.debug("{} polls scheduled on route {}", polls.size(), route.getRouteId());
    }

    @Override
    public void routeStops() {
        cancel();
    }

    /** No more polls (a poll running goes on to its end): the route stopped, or the connector is stopping. */
    public synchronized void cancel() {
        target = null;
        scheduled.forEach(future -> future.cancel(false));
        scheduled.clear();
    }

    private void run(Poll poll) {
        Endpoint to = target;
        if (to == null || !leadsAccount.test(poll.account()) || !running.add(poll)) {
            return;
        }
        try {
            Exchange done = producer.send(to, exchange -> {
                exchange.getMessage().setHeader(ACCOUNT, poll.account());
                exchange.getMessage().setHeader(POLLER, poll.poller());
            });
            if (done.getException() != null && target != null) {
                // the route handles what a poll meets (route configuration poll-errors): this is the route itself
                LOG.warn("The {} failed: {}; the next one is due in {} ms", poll, done.getException().getMessage(),
                        poll.delayMillis());
            }
        } catch (RuntimeException e) {
            // a task that throws is never run again by the scheduler
            LOG.warn("The {} failed: {}; the next one is due in {} ms", poll, e.getMessage(), poll.delayMillis());
        } finally {
            running.remove(poll);
        }
    }
}
