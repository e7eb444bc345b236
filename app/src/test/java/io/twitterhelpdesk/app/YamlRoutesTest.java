package io.twitterhelpdesk.app;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import io.twitterhelpdesk.e2e.support.CapturedLog;
import io.twitterhelpdesk.sandbox.DirectMessageRef;
import io.twitterhelpdesk.sandbox.TwitterSandbox;
import org.apache.camel.BeanInject;
import org.apache.camel.CamelContext;
import org.apache.camel.EndpointInject;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The YAML application under camel-test-main-junit5, as an integration team would test its own copy: sandbox mode,
 * everything on free ports and in-memory state, the queue replaced by a mock. Shows the routes an admin reads in
 * routes/ and what the pipeline hands to JMS.
 */
@CamelMainTest(configurationClasses = ConnectorConfiguration.class, mockEndpointsAndSkip = "jms:queue:twitter.inbound",
        propertyPlaceholderLocations = ConnectorMain.PROPERTIES_LOCATION,
        properties = {
                "sandbox.api-port=0", "sandbox.admin-port=0", "sandbox.rate-limits-enabled=false",
                "broker.embedded.port=0", "camel.server.port=0", "camel.management.enabled=false",
                "connector.data-dir=target/yaml-routes-test",
                "state.url=jdbc:h2:mem:yaml-routes-test;DB_CLOSE_DELAY=-1",
                "inbound.dm.poll-delay=100", "inbound.mention.poll-delay=100", "inbound.initial-delay=100",
                // a second account on X API v2 with OAuth 2.0: sandbox mode accepts its configured refresh token
                "twitter.accounts=acme_support,acme_sales", "twitter.account.acme_sales.screen-name=acme_sales",
                "twitter.account.acme_sales.api=v2", "twitter.account.acme_sales.auth=oauth2",
                "twitter.account.acme_sales.oauth2-client-id=demo-client",
                "twitter.account.acme_sales.oauth2-refresh-token=demo-refresh-token"})
class YamlRoutesTest {

    static {
        // the state is in memory, so the sandbox's data (kept in the data directory) must not outlive this run either:
        // an earlier run's DMs would be read again from a fresh cursor
        org.apache.camel.util.FileUtil.removeDir(new java.io.File("target/yaml-routes-test"));
    }

    @BeanInject
    CamelContext context;

    @BeanInject("twitterSandbox")
    TwitterSandbox sandbox;

    @EndpointInject("mock:jms:queue:twitter.inbound")
    MockEndpoint queue;

    @Test
    void everyRouteHasTheIdAnAdminFindsInTheYamlFiles() {
        assertThat(context.getRoutes()).extracting(r -> r.getRouteId()).contains(
                "account-poll", "inbound-message", "deliver-envelope",
                "reply-sender", "publish-reply-status", "reschedule-reply", "webhook", "silence-monitor",
                "api-post-reply", "api-get-reply", "api-list-accounts", "api-dm-link", "x-api-request",
                "x-oauth2-token", "x-usage-daily-summary", "api-account-usage");
        assertThat(context.getRoutes()).allSatisfy(r -> assertThat(r.getRouteId()).doesNotStartWith("route"));
    }

    @Test
    void aDirectMessageReachesTheQueueWithItsRoutingProperties() throws Exception {
        queue.expectedMessageCount(1);
        DirectMessageRef dm = sandbox.injectDirectMessage("alice", "acme_support", "hello from the sandbox",
                List.of());

        queue.assertIsSatisfied(20_000);

        var message = queue.getReceivedExchanges().get(0).getMessage();
        assertThat(message.getBody(String.class)).contains("\"id\":\"dm:" + dm.id() + "\"", "Twitter:Direct");
        assertThat(message.getHeaders()).containsEntry("TwitterKind", "direct_message")
                .containsEntry("Inbox", "support")
                .containsEntry("_AMQ_DUPL_ID", "dm:" + dm.id())
                .containsEntry("JMSXGroupID", message.getHeader("ConversationKey"))
                .doesNotContainKey("TwitterAccount");
    }

    @Test
    void aV2AccountWithOAuth2IsPolledOverApiV2InSandboxMode() throws Exception {
        queue.expectedMessageCount(1);
        DirectMessageRef dm = sandbox.injectDirectMessage("bob", "acme_sales", "hello over v2", List.of());

        queue.assertIsSatisfied(20_000);

        assertThat(queue.getReceivedExchanges().get(0).getMessage().getBody(String.class))
                .contains("\"id\":\"dm:" + dm.id() + "\"", "\"screenName\":\"acme_sales\"");
        assertThat(sandbox.requestCount("v2_dm_events")).isPositive();
        assertThat(sandbox.requestCount("v2_oauth2_token")).isEqualTo(1);
    }

    @Test
    void aPollWhoseMessagesCannotBeMadeDurableIsOneWarnNamingItsAccountAndTheyComeAgainAtTheNextPoll()
            throws Exception {
        AtomicBoolean failOnce = new AtomicBoolean(true);
        // the intake queue refuses the first poll that brings acme_support a message (route account-poll made again
        // with the failure woven in: its polls are scheduled again)
        AdviceWith.adviceWith(context, "account-poll", route -> route.weaveByToUri("direct:intake").before()
                .process(e -> {
                    if ("acme_support".equals(e.getMessage().getHeader("TwitterAccount"))
                            && !e.getMessage().getBody(List.class).isEmpty() && failOnce.getAndSet(false)) {
                        throw new IllegalStateException("intake queue unreachable");
                    }
                }));
        try (CapturedLog log = CapturedLog.of("io.twitterhelpdesk.inbound")) {
            queue.expectedMessageCount(1);
            DirectMessageRef dm = sandbox.injectDirectMessage("carol", "acme_support", "once, at the next poll",
                    List.of());

            queue.assertIsSatisfied(20_000);
            Thread.sleep(500);

            assertThat(failOnce).as("the first poll failed").isFalse();
            assertThat(queue.getReceivedExchanges()).hasSize(1);
            assertThat(queue.getReceivedExchanges().get(0).getMessage().getBody(String.class))
                    .contains("\"id\":\"dm:" + dm.id() + "\"");
            assertThat(log.lines()).filteredOn(l -> l.message().contains("intake queue unreachable"))
                    .singleElement().satisfies(l -> assertThat(l.message()).startsWith(
                            "Poll of acme_support (dmPoller) not delivered (intake queue unreachable)"));
        }
    }
}
