package io.twitterhelpdesk.activity;

import java.time.Duration;
import java.time.Instant;

import io.twitterhelpdesk.conversation.MutableClock;
import io.twitterhelpdesk.state.StateDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import io.twitterhelpdesk.state.ActivityPositions;

import static org.assertj.core.api.Assertions.assertThat;

/** How far the stream and the webhook are complete: kept in memory, written in one go, never moved backwards. */
class ActivityPositionsTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-06T10:00:00Z"));
    private StateDatabase database;
    private ActivityPositions positions;

    @BeforeEach
    void start() {
        database = new StateDatabase("jdbc:h2:mem:positions-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1", "sa", "");
        database.start();
        positions = new ActivityPositions(database.dataSource(), clock);
    }

    @AfterEach
    void stop() {
        database.stop();
    }

    @Test
    void aPositionIsEmptyBeforeTheFirstEventAndSurvivesARestartOnceFlushed() {
        assertThat(positions.position(ActivityPositions.STREAM)).isEmpty();

        positions.completeNow(ActivityPositions.STREAM);
        assertThat(new ActivityPositions(database.dataSource(), clock).position(ActivityPositions.STREAM))
                .as("not written before the flush").isEmpty();
        positions.flush();

        assertThat(new ActivityPositions(database.dataSource(), clock).position(ActivityPositions.STREAM))
                .contains(clock.instant());
        assertThat(positions.position(ActivityPositions.WEBHOOK)).isEmpty();
    }

    @Test
    void manyEventsBetweenTwoFlushesAreOneWriteOfTheLatest() {
        for (int i = 0; i < 100; i++) {
            clock.advance(Duration.ofMillis(10));
            positions.completeNow(ActivityPositions.STREAM);
        }
        positions.flush();

        assertThat(new ActivityPositions(database.dataSource(), clock).position(ActivityPositions.STREAM))
                .contains(Instant.parse("2026-12-06T10:00:01Z"));
    }

    @Test
    void aPositionNeverMovesBackwards() {
        positions.completeNow(ActivityPositions.WEBHOOK);
        positions.flush();
        Instant latest = clock.instant();

        positions.complete(ActivityPositions.WEBHOOK, latest.minus(Duration.ofMinutes(5)));
        assertThat(positions.position(ActivityPositions.WEBHOOK)).contains(latest);
        positions.flush();
        ActivityPositions other = new ActivityPositions(database.dataSource(), clock);
        other.complete(ActivityPositions.WEBHOOK, latest.minus(Duration.ofHours(1)));
        other.flush();

        assertThat(new ActivityPositions(database.dataSource(), clock).position(ActivityPositions.WEBHOOK))
                .contains(latest);
    }
}
