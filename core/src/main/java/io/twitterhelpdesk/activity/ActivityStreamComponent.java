package io.twitterhelpdesk.activity;

import java.util.Map;

import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.support.DefaultComponent;
import org.apache.camel.support.DefaultEndpoint;

/**
 * Camel component {@code x-activity-stream}: {@code from: x-activity-stream:<name>} holds the X Activity API stream
 * open and hands each event line to the route as a String body, one at a time (see {@link ActivityStreamConsumer}).
 * Consumer only. Under {@code master:} only the cluster's leader holds the stream.
 */
public final class ActivityStreamComponent extends DefaultComponent {

    private final ActivityStreamConnector connector;

    public ActivityStreamComponent(ActivityStreamConnector connector) {
        this.connector = connector;
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) {
        return new StreamEndpoint(uri, this);
    }

    private final class StreamEndpoint extends DefaultEndpoint {

        StreamEndpoint(String uri, ActivityStreamComponent component) {
            super(uri, component);
        }

        @Override
        public Producer createProducer() {
            throw new RuntimeCamelException("x-activity-stream only consumes: use it in from");
        }

        @Override
        public Consumer createConsumer(Processor processor) throws Exception {
            Consumer consumer = new ActivityStreamConsumer(this, processor, connector);
            configureConsumer(consumer);
            return consumer;
        }
    }
}
