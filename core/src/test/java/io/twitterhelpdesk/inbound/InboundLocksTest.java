package io.twitterhelpdesk.inbound;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** One delivery of a message at a time, when the poller and the webhook bring it together. */
class InboundLocksTest {

    private final InboundLocks locks = new InboundLocks();
    private final ExecutorService webhook = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() {
        webhook.shutdownNow();
    }

    private Future<?> lockFromTheWebhook(String envelopeId) {
        return webhook.submit(() -> {
            locks.lock(envelopeId);
            return null;
        });
    }

    @Test
    void aSecondDeliveryOfTheSameMessageWaitsUntilTheFirstHasFinished() throws Exception {
        locks.lock("dm:1001");

        Future<?> second = lockFromTheWebhook("dm:1001");
        assertThatThrownBy(() -> second.get(300, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);

        locks.unlock("dm:1001");
        second.get(5, TimeUnit.SECONDS);
        assertThat(second).isDone();
    }

    @Test
    void anotherMessageIsDeliveredWhileOneIsInProgress() throws Exception {
        locks.lock("dm:1001");

        lockFromTheWebhook("dm:1002").get(5, TimeUnit.SECONDS);
        lockFromTheWebhook("tweet:1001").get(5, TimeUnit.SECONDS);
    }

    @Test
    void aMessageCanBeDeliveredAgainOnceItsLockIsReleased() throws Exception {
        locks.lock("tweet:7");
        locks.unlock("tweet:7");

        lockFromTheWebhook("tweet:7").get(5, TimeUnit.SECONDS);
    }
}
