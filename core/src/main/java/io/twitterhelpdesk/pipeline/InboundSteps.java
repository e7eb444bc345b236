package io.twitterhelpdesk.pipeline;

import io.twitterhelpdesk.envelope.Envelope;
import io.twitterhelpdesk.inbound.PolledMessage;
import org.apache.camel.spi.IdempotentRepository;
import twitter4j.TwitterException;

/**
 * The Java steps of the Kamelet {@code twitter-helpdesk-source} (kamelets/ in this jar), the one inbound pipeline
 * behind every source: the connector's pollers, webhook and X Activity stream, and the source Kamelet in another
 * Camel application. The Kamelet says the order and when each step runs (the delivered id is recorded, as its
 * idempotent repository, once the delivery after it succeeded); these are what a route cannot say.
 */
public interface InboundSteps extends IdempotentRepository {

    /** A message enters the pipeline. */
    void received(PolledMessage message);

    /** An echo of the account's own message, or a message whose sender is gone: not delivered. */
    void dropped(PolledMessage message);

    /** Delivered before (the delivered ids): not delivered again. */
    void duplicate(PolledMessage message);

    /** The route after the Kamelet took the envelope without an error. */
    void delivered(PolledMessage message);

    /** Waits while another exchange delivers the same message (the poller and the webhook may bring it together). */
    void lock(PolledMessage message) throws InterruptedException;

    void unlock(PolledMessage message);

    /** The message's v1 envelope, in the key's current conversation or a new one. */
    Envelope envelope(PolledMessage message) throws TwitterException;

    /** Records that the customer wrote, for the reply rules (recording twice changes nothing). */
    void record(Envelope envelope, PolledMessage message);

    /** Moves the poll cursor past a message delivered, dropped or found a duplicate (polled messages only). */
    void handled(PolledMessage message);
}
