package io.twitterhelpdesk.inbound;

import io.twitterhelpdesk.state.LookedUpUsers;
import io.twitterhelpdesk.conversation.TestDatabase;
import java.time.Clock;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import io.twitterhelpdesk.envelope.Envelope.CustomerRef;
import io.twitterhelpdesk.sandbox.DirectMessageRef;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import twitter4j.TwitterException;

import static io.twitterhelpdesk.inbound.SandboxedAccounts.SUPPORT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The v1.1 DM poller against the sandbox's {@code direct_messages/events/list} (newest first, paged by cursor), with
 * its persisted cursor moved by {@link PollCursors} as the pipeline does once a message is delivered.
 */
class DirectMessagePollerTest {

    private static final int PAGE = 5;

    private final SandboxedAccounts x = new SandboxedAccounts();
    private final PollGate gate = new PollGate(x.clock, Duration.ofSeconds(10), Duration.ofMinutes(5));
    private final PollCursors cursors = new PollCursors(x.state);

    @AfterEach
    void stop() {
        x.close();
    }

    private DirectMessagePoller poller(int maxPagesPerPoll) {
        return new DirectMessagePoller(x.clients, x.state, gate, new CustomerDirectory(100,
                new LookedUpUsers(TestDatabase.migrated()), Clock.systemUTC()), PAGE, maxPagesPerPoll);
    }

    private List<Long> inject(int count, String prefix) {
        return IntStream.range(0, count).mapToObj(i -> x.sandbox.injectDirectMessage("cust" + (i % 3), SUPPORT,
                prefix + i, List.of())).map(DirectMessageRef::id).toList();
    }

    /** What the pipeline does with a poll's messages: deliver each, then move the cursor past it. */
    private List<Long> deliver(List<PolledMessage> polled) {
        List<Long> ids = new ArrayList<>();
        for (PolledMessage message : polled) {
            ids.add(message.id());
            cursors.handled(message);
        }
        return ids;
    }

    @Test
    void aBacklogOfSeveralPagesIsReturnedOldestFirstWithItsSenders() {
        List<Long> sent = inject(12, "message ");

        List<PolledMessage> polled = poller(10).poll(SUPPORT);

        assertThat(polled).extracting(PolledMessage::id).containsExactlyElementsOf(sent);
        assertThat(polled).extracting(m -> m.directMessage().getText())
                .containsExactlyElementsOf(IntStream.range(0, 12).mapToObj(i -> "message " + i).toList());
        assertThat(polled).allSatisfy(m -> {
            assertThat(m.dropReason()).isNull();
            assertThat(m.source()).isEqualTo(PolledMessage.POLL);
            assertThat(m.customer().screenName()).startsWith("cust");
        });
        assertThat(polled.get(0).customer()).isEqualTo(new CustomerRef(
                Long.toString(x.sandbox.user("cust0").orElseThrow().id()), "cust0",
                x.sandbox.user("cust0").orElseThrow().name()));
        assertThat(x.sandbox.requestCount("dm_list")).isEqualTo(3);
    }

    @Test
    void aPollStopsAtThePersistedCursorAndNeverReturnsAnythingAtOrBelowIt() {
        List<Long> sent = inject(12, "message ");
        x.state.advanceCursor(SUPPORT, PolledMessage.DM, sent.get(6));

        List<PolledMessage> polled = poller(10).poll(SUPPORT);

        assertThat(polled).extracting(PolledMessage::id).containsExactlyElementsOf(sent.subList(7, 12));
        assertThat(x.sandbox.requestCount("dm_list")).as("pages read down to the cursor only").isEqualTo(2);
    }

    @Test
    void whatWasDeliveredIsNotReadAgainAndAPollWithNothingNewCostsOneRequest() {
        inject(7, "first ");
        DirectMessagePoller poller = poller(10);
        deliver(poller.poll(SUPPORT));
        int before = x.sandbox.requestCount("dm_list");

        assertThat(poller.poll(SUPPORT)).isEmpty();
        assertThat(x.sandbox.requestCount("dm_list") - before).isEqualTo(1);

        List<Long> later = inject(2, "later ");
        assertThat(deliver(poller.poll(SUPPORT))).containsExactlyElementsOf(later);
    }

    @Test
    void aBacklogLongerThanOnePollMayReadIsDeliveredWholeAtTheNextPollAndWhatArrivedMeanwhileAfterIt() {
        List<Long> backlog = inject(12, "old ");
        DirectMessagePoller poller = poller(2);

        assertThat(poller.poll(SUPPORT)).as("2 of 3 pages read: nothing handed out yet").isEmpty();
        List<Long> meanwhile = inject(1, "new ");
        assertThat(deliver(poller.poll(SUPPORT))).containsExactlyElementsOf(backlog);
        assertThat(deliver(poller.poll(SUPPORT))).containsExactlyElementsOf(meanwhile);
        assertThat(poller.poll(SUPPORT)).isEmpty();
    }

    /** A restart (a new poller on the same state) goes on with the pages the scan kept, fetching none twice. */
    @Test
    void aBacklogScanKeptBeforeARestartGoesOnWhereItStopped() {
        List<Long> backlog = inject(12, "old ");
        assertThat(poller(2).poll(SUPPORT)).isEmpty();
        assertThat(x.sandbox.requestCount("dm_list")).isEqualTo(2);

        DirectMessagePoller afterRestart = poller(2);

        assertThat(deliver(afterRestart.poll(SUPPORT))).containsExactlyElementsOf(backlog);
        assertThat(x.sandbox.requestCount("dm_list")).as("the third page only").isEqualTo(3);
        assertThat(x.state.scanPages(SUPPORT, PolledMessage.DM)).as("forgotten once complete").isEmpty();
    }

    @Test
    void aScanBrokenOffByAnErrorResumesAfterTheBackoffWithoutLosingOrRepeatingADm() {
        List<Long> backlog = inject(12, "message ");
        DirectMessagePoller poller = poller(2);
        assertThat(poller.poll(SUPPORT)).isEmpty();
        x.sandbox.failNext("dm_list", 503, "{\"errors\":[{\"code\":130,\"message\":\"Over capacity\"}]}", 1);

        assertThat(poller.poll(SUPPORT)).isEmpty();
        assertThat(gate.isOpen(SUPPORT, PolledMessage.DM)).isFalse();
        assertThat(poller.poll(SUPPORT)).as("the gate is closed: no request").isEmpty();
        x.clock.advance(Duration.ofSeconds(10));

        assertThat(deliver(poller.poll(SUPPORT))).containsExactlyElementsOf(backlog);
    }

    @Test
    void aDmTheAccountSentItselfIsMarkedAsAnEchoAndStillMovesTheCursor() throws TwitterException {
        long cust = x.sandbox.createUser("cust", "A Customer").id();
        x.client(SUPPORT).v1().directMessages().sendDirectMessage(cust, "Hello from support");

        List<PolledMessage> polled = poller(10).poll(SUPPORT);

        assertThat(polled).singleElement().satisfies(m -> {
            assertThat(m.dropReason()).isEqualTo(PolledMessage.ECHO);
            assertThat(m.customer()).isNull();
        });
        deliver(polled);
        assertThat(x.state.cursor(SUPPORT, PolledMessage.DM)).hasValue(polled.get(0).id());
    }

    @Test
    void aWebhookMessageLeavesTheCursorAloneAndAnOlderOneNeverMovesItBack() {
        List<Long> sent = inject(3, "message ");
        List<PolledMessage> polled = poller(10).poll(SUPPORT);
        cursors.handled(polled.get(1));

        cursors.handled(polled.get(0));
        PolledMessage pushed = new PolledMessage(SUPPORT, PolledMessage.DM, sent.get(2), null, null, null, null, null,
                PolledMessage.WEBHOOK);
        cursors.handled(pushed);

        assertThat(x.state.cursor(SUPPORT, PolledMessage.DM)).hasValue(sent.get(1));
    }
}
