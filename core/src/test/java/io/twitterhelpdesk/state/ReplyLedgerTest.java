package io.twitterhelpdesk.state;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BiConsumer;

import io.twitterhelpdesk.conversation.MutableClock;
import io.twitterhelpdesk.conversation.TestDatabase;
import io.twitterhelpdesk.state.ReplyLedger.Transition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReplyLedgerTest {

    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

    private MutableClock clock;
    private ReplyLedger ledger;

    @BeforeEach
    void setUp() {
        clock = new MutableClock(T0);
        ledger = new ReplyLedger(TestDatabase.migrated(), clock);
    }

    @Test
    void anAcceptedReplyIsQueuedAndItsReplyIdIsTakenOnce() {
        assertThat(ledger.accepted("r-1", "twitter:dm:42:7")).isTrue();
        clock.advance(Duration.ofSeconds(5));
        assertThat(ledger.accepted("r-1", "twitter:thread:500")).isFalse();

        assertThat(ledger.reply("r-1")).contains(
                new ReplyRecord("r-1", "twitter:dm:42:7", ReplyState.QUEUED, null, null, null, T0, T0));
        assertThat(ledger.reply("r-2")).isEmpty();
    }

    @Test
    void concurrentAcceptsOfOneReplyIdHaveOneWinner() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(10);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return ledger.accepted("same", "twitter:dm:42:7");
                }));
            }
            start.countDown();
            int won = 0;
            for (Future<Boolean> result : results) {
                won += result.get() ? 1 : 0;
            }
            assertThat(won).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aReplyIsSentAfterSendingWithTwitterIdAndTheTimeOfEachMove() {
        ledger.accepted("r-1", "twitter:dm:42:7");
        clock.advance(Duration.ofSeconds(2));
        ledger.sending("r-1");
        assertThat(ledger.reply("r-1").orElseThrow().state()).isEqualTo(ReplyState.SENDING);
        assertThat(ledger.reply("r-1").orElseThrow().updatedAt()).isEqualTo(T0.plusSeconds(2));

        clock.advance(Duration.ofSeconds(3));
        ledger.sent("r-1", "1700000000000000001");

        assertThat(ledger.reply("r-1")).contains(new ReplyRecord("r-1", "twitter:dm:42:7", ReplyState.SENT,
                "1700000000000000001", null, null, T0, T0.plusSeconds(5)));
    }

    @Test
    void aResumedSendStartsItsAttemptAgain() {
        ledger.accepted("r-1", "twitter:dm:42:7");
        ledger.sending("r-1");
        clock.advance(Duration.ofMinutes(4));

        ledger.sending("r-1");

        ReplyRecord resumed = ledger.reply("r-1").orElseThrow();
        assertThat(resumed.state()).isEqualTo(ReplyState.SENDING);
        assertThat(resumed.updatedAt()).isEqualTo(T0.plus(Duration.ofMinutes(4)));
    }

    @Test
    void aSendTwitterDidNotTakeIsGivenBackToTheQueueAndCanBeSentAgain() {
        ledger.accepted("r-1", "twitter:dm:42:7");
        ledger.sending("r-1");

        ledger.givenBack("r-1");
        assertThat(ledger.reply("r-1").orElseThrow().state()).isEqualTo(ReplyState.QUEUED);

        ledger.sending("r-1");
        ledger.sent("r-1", null);
        ReplyRecord sent = ledger.reply("r-1").orElseThrow();
        assertThat(sent.state()).isEqualTo(ReplyState.SENT);
        assertThat(sent.twitterId()).isNull();
    }

    @Test
    void aQueuedOrSendingReplyCanBeRejectedOrFailWithItsError() {
        ledger.accepted("queued-rejected", null);
        ledger.rejected("queued-rejected", "malformed_json", "Not JSON");
        ledger.accepted("sending-rejected", "twitter:dm:42:7");
        ledger.sending("sending-rejected");
        ledger.rejected("sending-rejected", "recipient_does_not_accept_dms", "Twitter refused the DM");
        ledger.accepted("queued-failed", "twitter:dm:42:7");
        ledger.failed("queued-failed", "twitter_unavailable", "HTTP 503");
        ledger.accepted("sending-failed", "twitter:dm:42:7");
        ledger.sending("sending-failed");
        ledger.failed("sending-failed", "twitter_349", "x".repeat(5000));

        assertThat(ledger.reply("queued-rejected")).contains(new ReplyRecord("queued-rejected", null,
                ReplyState.REJECTED, null, "malformed_json", "Not JSON", T0, T0));
        assertThat(ledger.reply("sending-rejected").orElseThrow().state()).isEqualTo(ReplyState.REJECTED);
        assertThat(ledger.reply("queued-failed")).contains(new ReplyRecord("queued-failed", "twitter:dm:42:7",
                ReplyState.FAILED, null, "twitter_unavailable", "HTTP 503", T0, T0));
        ReplyRecord failed = ledger.reply("sending-failed").orElseThrow();
        assertThat(failed.state()).isEqualTo(ReplyState.FAILED);
        assertThat(failed.errorCode()).isEqualTo("twitter_349");
        assertThat(failed.errorMessage()).hasSize(1000).endsWith("…");
    }

    /** Every transition, tried from every state: it moves from the states it names and is refused from the rest. */
    @ParameterizedTest
    @EnumSource(value = Transition.class, names = "ACCEPTED", mode = EnumSource.Mode.EXCLUDE)
    void eachTransitionMovesOnlyFromItsStates(Transition transition) {
        for (ReplyState from : ReplyState.values()) {
            String id = "r-" + from.value();
            reach(id, from);

            if (transition.from().contains(from)) {
                apply(transition, id);
                assertThat(ledger.reply(id).orElseThrow().state()).as(transition + " from " + from)
                        .isEqualTo(transition.to());
            } else {
                ReplyRecord before = ledger.reply(id).orElseThrow();
                clock.advance(Duration.ofSeconds(1));
                assertThatThrownBy(() -> apply(transition, id)).as(transition + " from " + from)
                        .isInstanceOf(IllegalReplyTransitionException.class)
                        .hasMessageContaining("Reply " + id + " is " + from.value())
                        .hasMessageContaining("cannot become " + transition.to().value());
                assertThat(ledger.reply(id)).as("unchanged after a refused " + transition).contains(before);
            }
        }
    }

    @Test
    void theStateMachineIsTheOneTheDocsDescribe() {
        assertThat(Transition.ACCEPTED.from()).isEmpty();
        assertThat(Transition.ACCEPTED.to()).isEqualTo(ReplyState.QUEUED);
        assertThat(Transition.SENDING.from()).isEqualTo(Set.of(ReplyState.QUEUED, ReplyState.SENDING));
        assertThat(Transition.SENT.from()).isEqualTo(Set.of(ReplyState.SENDING));
        assertThat(Transition.GIVEN_BACK.from()).isEqualTo(Set.of(ReplyState.SENDING));
        assertThat(Transition.GIVEN_BACK.to()).isEqualTo(ReplyState.QUEUED);
        assertThat(Transition.REJECTED.from()).isEqualTo(Set.of(ReplyState.QUEUED, ReplyState.SENDING));
        assertThat(Transition.FAILED.from()).isEqualTo(Set.of(ReplyState.QUEUED, ReplyState.SENDING));
        for (Transition t : Transition.values()) {
            assertThat(t.from()).as(t + " leaves no final state").noneMatch(ReplyState::isFinal);
        }
        assertThat(EnumSet.allOf(ReplyState.class).stream().filter(ReplyState::isFinal))
                .containsExactlyInAnyOrder(ReplyState.SENT, ReplyState.REJECTED, ReplyState.FAILED);
    }

    @Test
    void aReplyNeverAcceptedCannotMove() {
        assertThatThrownBy(() -> ledger.sending("nope")).isInstanceOf(IllegalReplyTransitionException.class)
                .hasMessage("No reply with id 'nope': it has to be accepted first");
        assertThatThrownBy(() -> ledger.failed("nope", "twitter_unavailable", "HTTP 503"))
                .isInstanceOf(IllegalReplyTransitionException.class).hasMessageContaining("nope");
        assertThat(ledger.reply("nope")).isEmpty();
    }

    @Test
    void theMediaUploadedForAReplyIsKeptWithoutChangingItsState() {
        ledger.accepted("r-1", "twitter:dm:42:7");
        assertThat(ledger.replyMedia("r-1")).isEmpty();

        ledger.recordReplyMedia("r-1", new ReplyMediaId("710511363345354753", T0.plus(Duration.ofHours(24))));

        assertThat(ledger.replyMedia("r-1")).contains(new ReplyMediaId("710511363345354753",
                T0.plus(Duration.ofHours(24))));
        assertThat(ledger.reply("r-1").orElseThrow().state()).isEqualTo(ReplyState.QUEUED);
    }

    @Test
    void aRestartReadsEveryReplysStateBackFromTheDatabase(@TempDir Path dir) {
        String url = "jdbc:h2:file:" + dir.resolve("state").toAbsolutePath();
        StateDatabase before = new StateDatabase(url, "sa", "");
        before.start();
        ReplyLedger running = new ReplyLedger(before.dataSource(), clock);
        for (ReplyState state : ReplyState.values()) {
            reach(running, "r-" + state.value(), state);
        }
        before.stop();

        StateDatabase after = new StateDatabase(url, "sa", "");
        after.start();
        try {
            ReplyLedger restarted = new ReplyLedger(after.dataSource(), clock);
            for (ReplyState state : ReplyState.values()) {
                assertThat(restarted.reply("r-" + state.value()).orElseThrow().state()).isEqualTo(state);
            }
            assertThat(restarted.reply("r-sent").orElseThrow().twitterId()).isEqualTo("1700000000000000001");
            // a reply caught sending goes on from there: found on Twitter, or sent again
            restarted.sent("r-sending", "1700000000000000002");
            assertThat(restarted.reply("r-sending").orElseThrow().state()).isEqualTo(ReplyState.SENT);
            assertThat(restarted.accepted("r-sent", "twitter:dm:42:7")).isFalse();
        } finally {
            after.stop();
        }
    }

    @Test
    void aStoredStatusOutsideTheStateMachineIsAStateStoreError() {
        assertThat(ReplyState.of("sending")).isEqualTo(ReplyState.SENDING);
        assertThatThrownBy(() -> ReplyState.of("done")).isInstanceOf(StateStoreException.class)
                .hasMessageContaining("done");
    }

    private void reach(String id, ReplyState state) {
        reach(ledger, id, state);
    }

    /** Takes a new reply to {@code state} by legal moves only. */
    private static void reach(ReplyLedger ledger, String id, ReplyState state) {
        ledger.accepted(id, "twitter:dm:42:7");
        switch (state) {
            case QUEUED -> { }
            case SENDING -> ledger.sending(id);
            case SENT -> {
                ledger.sending(id);
                ledger.sent(id, "1700000000000000001");
            }
            case REJECTED -> ledger.rejected(id, "window_limit_reached", "5 replies already sent");
            case FAILED -> ledger.failed(id, "twitter_unavailable", "HTTP 503");
        }
    }

    private void apply(Transition transition, String id) {
        BiConsumer<ReplyLedger, String> move = switch (transition) {
            case ACCEPTED -> (l, r) -> l.accepted(r, "twitter:dm:42:7");
            case SENDING -> ReplyLedger::sending;
            case SENT -> (l, r) -> l.sent(r, "1700000000000000009");
            case GIVEN_BACK -> ReplyLedger::givenBack;
            case REJECTED -> (l, r) -> l.rejected(r, "daily_limit_reached", "spent");
            case FAILED -> (l, r) -> l.failed(r, "twitter_refused", "no");
        };
        move.accept(ledger, id);
    }
}
