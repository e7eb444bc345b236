package io.twitterhelpdesk.inbound;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Lets one exchange at a time through the delivery of a given message. A DM or mention can arrive by the poller
 * and by the webhook within milliseconds; the delivered-id check only records an id once its delivery completed
 * (so a crash in between loses nothing), and the broker's duplicate detection does not reliably stop two
 * concurrent sends of one id. Ids are hashed onto a fixed set of stripes, so unrelated messages rarely wait.
 */
public final class InboundLocks {

    private static final int STRIPES = 256;
    private static final long WAIT_SECONDS = 60;

    private final Semaphore[] stripes = new Semaphore[STRIPES];

    public InboundLocks() {
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new Semaphore(1);
        }
    }

    /** Waits until no other exchange delivers a message on this id's stripe; fails after a minute. */
    public void lock(String envelopeId) throws InterruptedException {
        if (!stripe(envelopeId).tryAcquire(WAIT_SECONDS, TimeUnit.SECONDS)) {
            throw new IllegalStateException("Another delivery of " + envelopeId + " did not finish within "
                    + WAIT_SECONDS + " s");
        }
    }

    public void unlock(String envelopeId) {
        stripe(envelopeId).release();
    }

    private Semaphore stripe(String envelopeId) {
        return stripes[Math.floorMod(envelopeId.hashCode(), STRIPES)];
    }
}
