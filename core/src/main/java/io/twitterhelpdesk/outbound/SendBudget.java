package io.twitterhelpdesk.outbound;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per account and kind of send, a sliding-window budget set to Twitter's limits (DMs: 1000 per 24 h per user;
 * tweets: 300 per 3 h), so the connector stops before Twitter answers 429 and knows when the next slot frees.
 */
public final class SendBudget {

    private final Clock clock;
    private final Map<ReplyDecision.Mode, Limit> limits;
    private final Map<String, Deque<Instant>> sent = new ConcurrentHashMap<>();

    public record Limit(int sends, Duration window) {
    }

    public SendBudget(Clock clock, Map<ReplyDecision.Mode, Limit> limits) {
        this.clock = clock;
        this.limits = Map.copyOf(limits);
    }

    /** Takes one slot for the account, or throws with the time the oldest slot in the window frees. */
    public void take(String account, ReplyDecision.Mode mode) throws TwitterRateLimitedException {
        Limit limit = limits.get(mode);
        Deque<Instant> window = sent.computeIfAbsent(account + "/" + mode, k -> new ArrayDeque<>());
        synchronized (window) {
            Instant now = clock.instant();
            while (!window.isEmpty() && !window.peekFirst().isAfter(now.minus(limit.window()))) {
                window.pollFirst();
            }
            if (window.size() >= limit.sends()) {
                Instant free = window.peekFirst().plus(limit.window());
                throw new TwitterRateLimitedException("Send budget of account " + account + " spent (" + limit.sends()
                        + " " + mode + " sends per " + limit.window() + "): next slot at " + free, free);
            }
            window.addLast(now);
        }
    }

    /** Gives a slot back when the send did not happen. */
    public void giveBack(String account, ReplyDecision.Mode mode) {
        Deque<Instant> window = sent.get(account + "/" + mode);
        if (window != null) {
            synchronized (window) {
                window.pollLast();
            }
        }
    }
}
