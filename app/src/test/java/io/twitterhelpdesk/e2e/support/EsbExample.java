package io.twitterhelpdesk.e2e.support;

import java.nio.file.Path;
import java.util.Properties;

import io.twitterhelpdesk.sandbox.TwitterSandbox;
import org.apache.camel.CamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;

/**
 * The ESB example of the repository (examples/esb/twitter-helpdesk.camel.yaml) as the Kamelet tests run it in a
 * plain Camel context: its host properties pointed at a test's sandbox account acme_support, state file and queues.
 */
public final class EsbExample {

    private EsbExample() {
    }

    /** The host properties: the account on {@code api} (v1.1 or v2), quick polls, the given endpoints' queues. */
    public static Properties properties(TwitterSandbox sandbox, String api, Path state, String envelopes,
            String replies, String status) {
        Properties p = new Properties();
        String account = "twitter.account.acme_support.";
        p.put("helpdesk.twitter-account", "acme_support");
        p.put(account + "screen-name", "acme_support");
        p.put(account + "consumer-key", "ck-test");
        p.put(account + "consumer-secret", "cs-test");
        p.put(account + "access-token", "at-42");
        p.put(account + "access-token-secret", "ats-42");
        p.put(account + "api", api);
        p.put(account + "dm-poll-delay", "100");
        p.put(account + "mention-poll-delay", "100");
        p.put("twitter.api.rest-base-url", sandbox.restBaseUrl());
        p.put("twitter.api.v2-base-url", sandbox.v2BaseUrl());
        p.put("state.url", "jdbc:h2:file:" + state);
        p.put("helpdesk.envelopes", "jms:queue:" + envelopes);
        p.put("helpdesk.replies", "jms:queue:" + replies + "?transacted=true");
        p.put("helpdesk.reply-status", "jms:queue:" + status + "?jmsMessageType=Text");
        return p;
    }

    /** Loads the example's routes into the context (the tests run in the app module's folder). */
    public static void loadRoutes(CamelContext camel) throws Exception {
        PluginHelper.getRoutesLoader(camel).loadRoutes(
                ResourceHelper.resolveMandatoryResource(camel, "file:../examples/esb/twitter-helpdesk.camel.yaml"));
    }
}
