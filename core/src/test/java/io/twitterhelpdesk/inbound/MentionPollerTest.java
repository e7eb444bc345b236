package io.twitterhelpdesk.inbound;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

import io.twitterhelpdesk.sandbox.TweetRef;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.twitterhelpdesk.inbound.SandboxedAccounts.SUPPORT;
import static org.assertj.core.api.Assertions.assertThat;

/** The v1.1 mention poller against the sandbox's {@code statuses/mentions_timeline} (since_id, walking back by max_id). */
class MentionPollerTest {

    private static final int PAGE = 5;

    private final SandboxedAccounts x = new SandboxedAccounts();
    private final PollGate gate = new PollGate(x.clock, Duration.ofSeconds(10), Duration.ofMinutes(5));

    @AfterEach
    void stop() {
        x.close();
    }

    private MentionPoller poller(int maxPagesPerPoll) {
        return new MentionPoller(x.clients, x.state, gate, PAGE, maxPagesPerPoll);
    }

    private List<Long> mentions(int count) {
        return IntStream.range(0, count).mapToObj(i -> x.sandbox.injectMention("cust" + (i % 3),
                "@acme_support question " + i, null, List.of())).map(TweetRef::id).toList();
    }

    @Test
    void aBacklogOfSeveralPagesIsReturnedOldestFirst() {
        List<Long> sent = mentions(12);

        List<PolledMessage> polled = poller(10).poll(SUPPORT);

        assertThat(polled).extracting(PolledMessage::id).containsExactlyElementsOf(sent);
        assertThat(polled).extracting(PolledMessage::dropReason).containsOnlyNulls();
        assertThat(x.sandbox.requestCount("mentions")).isEqualTo(3);
    }

    @Test
    void onlyMentionsAfterThePersistedCursorAreReturned() {
        List<Long> sent = mentions(12);
        x.state.advanceCursor(SUPPORT, PolledMessage.MENTION, sent.get(8));

        List<PolledMessage> polled = poller(10).poll(SUPPORT);

        assertThat(polled).extracting(PolledMessage::id).containsExactlyElementsOf(sent.subList(9, 12));
        assertThat(x.sandbox.requestCount("mentions")).isEqualTo(1);
    }

    @Test
    void aBacklogLongerThanOnePollMayReadIsReturnedWholeAtTheNextPoll() {
        List<Long> sent = mentions(12);
        MentionPoller poller = poller(2);

        assertThat(poller.poll(SUPPORT)).isEmpty();
        assertThat(poller.poll(SUPPORT)).extracting(PolledMessage::id).containsExactlyElementsOf(sent);
    }

    /** A restart (a new poller on the same state) goes on below the mentions the scan kept, fetching no page twice. */
    @Test
    void aBacklogScanKeptBeforeARestartGoesOnWhereItStopped() {
        List<Long> sent = mentions(12);
        assertThat(poller(2).poll(SUPPORT)).isEmpty();
        assertThat(x.sandbox.requestCount("mentions")).isEqualTo(2);

        MentionPoller afterRestart = poller(2);

        assertThat(afterRestart.poll(SUPPORT)).extracting(PolledMessage::id).containsExactlyElementsOf(sent);
        assertThat(x.sandbox.requestCount("mentions")).as("the third page only").isEqualTo(3);
        assertThat(x.state.scanPages(SUPPORT, PolledMessage.MENTION)).as("forgotten once complete").isEmpty();
    }
}
