package io.twitterhelpdesk.e2e.support;

import java.nio.file.Path;
import java.util.Map;

import io.twitterhelpdesk.sandbox.TwitterSandbox;

/** Connector properties for an end-to-end test: the test's sandbox, its data dir and broker port, fast polling. */
public final class TestProperties {

    private TestProperties() {
    }

    public static Map<String, String> connector(TwitterSandbox sandbox, Path dataDir, int brokerPort) {
        return connector(sandbox, dataDir, brokerPort, ApiFlavour.V1_1);
    }

    /** The same, with the test accounts on the given API. */
    public static Map<String, String> connector(TwitterSandbox sandbox, Path dataDir, int brokerPort, ApiFlavour api) {
        Map<String, String> p = TestAccounts.properties();
        api.configure(sandbox, p);
        p.put("sandbox.enabled", "false");
        p.put("twitter.api.rest-base-url", sandbox.restBaseUrl());
        p.put("twitter.api.ton-base-url", sandbox.tonBaseUrl());
        p.put("twitter.api.upload-base-url", sandbox.restBaseUrl());
        p.put("connector.data-dir", dataDir.toString());
        p.put("broker.embedded.port", Integer.toString(brokerPort));
        p.put("camel.server.port", Integer.toString(FreePorts.next()));
        p.put("camel.management.port", Integer.toString(FreePorts.next()));
        p.put("inbound.dm.poll-delay", "100");
        p.put("inbound.mention.poll-delay", "100");
        p.put("inbound.initial-delay", "100");
        p.put("inbound.error-backoff", "300");
        p.put("inbound.error-backoff-max", "1s");
        return p;
    }
}
