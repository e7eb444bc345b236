package io.twitterhelpdesk.e2e.delivery;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.twitterhelpdesk.sandbox.DirectMessageRef;
import io.twitterhelpdesk.e2e.support.ConnectorHarness;
import io.twitterhelpdesk.e2e.support.EnvelopeSchemaCheck;
import io.twitterhelpdesk.e2e.support.FreePorts;
import io.twitterhelpdesk.e2e.support.SelfSignedTls;
import io.twitterhelpdesk.e2e.support.StubHelpdesk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A helpdesk behind HTTPS with a certificate from a private CA: trusted through the configured trust store, a DM
 * polled from the sandbox becomes a ticket, the envelope posted unchanged by the default template.
 */
class HttpsDeliveryTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;
    private ConnectorHarness harness;
    private StubHelpdesk helpdesk;

    @BeforeEach
    void start() throws Exception {
        SelfSignedTls tls = new SelfSignedTls(dir);
        helpdesk = new StubHelpdesk(FreePorts.next(), tls.serverContext());
        harness = new ConnectorHarness(dir.resolve("data"));
        harness.properties.put("helpdesk.http.helpdesks", "private");
        harness.properties.put("helpdesk.http.private.queue", "twitter.inbound");
        harness.properties.put("helpdesk.http.private.create.url", helpdesk.url() + "/tickets");
        harness.properties.put("helpdesk.http.private.ticket-id-path", "$.ticket.id");
        harness.properties.put("helpdesk.http.private.trust-store", tls.trustStore.toString());
        harness.properties.put("helpdesk.http.private.trust-store-password", SelfSignedTls.PASSWORD);
        harness.start();
    }

    @AfterEach
    void stop() throws Exception {
        harness.close();
        helpdesk.close();
    }

    @Test
    void directMessageBecomesATicketOverHttpsTrustedByTheConfiguredTrustStore() throws Exception {
        DirectMessageRef dm = harness.sandbox.injectDirectMessage("alice", "acme_support", "over TLS please",
                List.of());

        long until = System.nanoTime() + WAIT.toNanos();
        while (helpdesk.requests().isEmpty() && System.nanoTime() < until) {
            Thread.sleep(20);
        }

        assertThat(helpdesk.requests()).hasSize(1);
        StubHelpdesk.Request request = helpdesk.requests().get(0);
        assertThat(request.path()).isEqualTo("/tickets");
        assertThat(EnvelopeSchemaCheck.errors(request.body())).isEmpty();
        assertThat(EnvelopeSchemaCheck.parse(request.body()).path("id").asText()).isEqualTo("dm:" + dm.id());
        assertThat(helpdesk.ticketsCreated()).containsExactly(1);
    }
}
