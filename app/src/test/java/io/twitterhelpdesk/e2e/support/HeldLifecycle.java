package io.twitterhelpdesk.e2e.support;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;

/**
 * Holds the connector's start or stop at one of its events until the test releases it (at most {@link #MAX_HOLD}),
 * e.g. just before the routes start: bound as a bean, camel-main adds it to the event notifiers.
 */
public final class HeldLifecycle extends EventNotifierSupport {

    static final Duration MAX_HOLD = Duration.ofSeconds(60);

    private final Class<? extends CamelEvent> event;
    private final CountDownLatch reached = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);

    private HeldLifecycle(Class<? extends CamelEvent> event) {
        this.event = event;
    }

    /** Held after the servers started, before the first route starts. */
    public static HeldLifecycle beforeTheRoutesStart() {
        return new HeldLifecycle(CamelEvent.CamelContextRoutesStartingEvent.class);
    }

    /** Held when the stop begins, before the first route stops. */
    public static HeldLifecycle whenTheStopBegins() {
        return new HeldLifecycle(CamelEvent.CamelContextStoppingEvent.class);
    }

    @Override
    public boolean isEnabled(CamelEvent candidate) {
        return event.isInstance(candidate);
    }

    @Override
    public void notify(CamelEvent candidate) throws InterruptedException {
        reached.countDown();
        released.await(MAX_HOLD.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Waits until the connector is held here; false when it did not get here in time. */
    public boolean awaitHeld(Duration timeout) throws InterruptedException {
        return reached.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public void release() {
        released.countDown();
    }
}
