package io.twitterhelpdesk.sandbox;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Asynchronous webhook deliveries as X makes them: a first attempt at once, then one retry per configured delay
 * while the answer is not 200. Tracks what is in flight so callers can wait until idle; {@link #cancelAll()} drops
 * everything pending. Callbacks run without this object's lock held.
 */
final class RetryingDeliveries {

    /** One body to deliver to one target. */
    interface Delivery {

        /** Whether an attempt is still wanted (e.g. its webhook is still registered and valid). */
        boolean wanted();

        /** Makes one attempt: the receiver's HTTP status, -1 without an answer. */
        int attempt();

        /** Called after each attempt (number from 1) with its status. */
        void attempted(int attempt, int status);

        /** Called once when no further attempt will be made; {@code delivered} whether a 200 came. */
        default void finished(boolean delivered) {
        }
    }

    private static final int THREADS = 2;

    private final String threadPrefix;
    private final AtomicInteger threadNumber = new AtomicInteger();
    private final Set<Tracked> inFlight = Collections.newSetFromMap(new IdentityHashMap<>());
    private List<Duration> retryDelays;
    private ScheduledExecutorService executor;

    private record Tracked(Delivery delivery, List<Duration> retryDelays) {
    }

    RetryingDeliveries(String threadPrefix, List<Duration> retryDelays) {
        this.threadPrefix = threadPrefix;
        this.retryDelays = List.copyOf(retryDelays);
    }

    synchronized void setRetryDelays(Duration... delays) {
        if (delays == null || Arrays.stream(delays).anyMatch(d -> d == null || d.isNegative())) {
            throw new IllegalArgumentException("retry delays must be non-null and not negative");
        }
        retryDelays = List.of(delays);
    }

    /** Queues a delivery with the retry delays configured now. */
    synchronized void submit(Delivery delivery) {
        Tracked tracked = new Tracked(delivery, retryDelays);
        inFlight.add(tracked);
        schedule(tracked, 1, Duration.ZERO);
    }

    /** Drops every pending delivery and retry (their {@code finished} is not called). */
    synchronized void cancelAll() {
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
        inFlight.clear();
        notifyAll();
    }

    synchronized int pending() {
        return inFlight.size();
    }

    /** Waits until nothing is in flight; false if still busy after {@code timeout}. */
    synchronized boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!inFlight.isEmpty()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }

    private synchronized void schedule(Tracked tracked, int attempt, Duration delay) {
        if (executor == null) {
            executor = new ScheduledThreadPoolExecutor(THREADS, runnable -> {
                Thread thread = new Thread(runnable, threadPrefix + threadNumber.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            });
        }
        try {
            executor.schedule(() -> run(tracked, attempt), delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            end(tracked);
        }
    }

    private void run(Tracked tracked, int attempt) {
        if (!tracked(tracked) || !tracked.delivery.wanted()) {
            finish(tracked, false);
            return;
        }
        int status = tracked.delivery.attempt();
        if (Thread.currentThread().isInterrupted() || !tracked(tracked)) {
            finish(tracked, false);
            return;
        }
        tracked.delivery.attempted(attempt, status);
        boolean last = status == 200 || attempt > tracked.retryDelays.size() || !tracked.delivery.wanted();
        if (last) {
            finish(tracked, status == 200);
            return;
        }
        synchronized (this) {
            if (inFlight.contains(tracked)) {
                schedule(tracked, attempt + 1, tracked.retryDelays.get(attempt - 1));
            }
        }
    }

    private synchronized boolean tracked(Tracked tracked) {
        return executor != null && inFlight.contains(tracked);
    }

    /** Calls {@code finished} (outside the lock) if the delivery was still tracked, then forgets it. */
    private void finish(Tracked tracked, boolean delivered) {
        boolean wasTracked;
        synchronized (this) {
            wasTracked = inFlight.contains(tracked);
        }
        if (wasTracked) {
            tracked.delivery.finished(delivered);
        }
        end(tracked);
    }

    private synchronized void end(Tracked tracked) {
        inFlight.remove(tracked);
        notifyAll();
    }
}
