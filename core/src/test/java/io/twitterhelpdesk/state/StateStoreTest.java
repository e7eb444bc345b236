package io.twitterhelpdesk.state;

import java.nio.file.Path;
import java.time.Instant;

import io.twitterhelpdesk.conversation.MutableClock;
import io.twitterhelpdesk.conversation.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StateStoreTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));
    private final StateStore store = new StateStore(TestDatabase.migrated(), clock);

    @Test
    void anAccountThatNeverPolledHasNoCursor() {
        assertThat(store.cursor("acme_support", "dm")).isEmpty();
    }

    @Test
    void theCursorMovesForwardOnlyAndPerAccountAndChannel() {
        store.advanceCursor("acme_support", "dm", 100);
        store.advanceCursor("acme_support", "dm", 250);
        store.advanceCursor("acme_support", "dm", 180); // a late, older message does not move it back

        store.advanceCursor("acme_support", "mention", 7);
        store.advanceCursor("globex", "dm", 9);

        assertThat(store.cursor("acme_support", "dm")).hasValue(250);
        assertThat(store.cursor("acme_support", "mention")).hasValue(7);
        assertThat(store.cursor("globex", "dm")).hasValue(9);
        assertThat(store.cursor("globex", "mention")).isEmpty();
    }

    @Test
    void aTweetsThreadRootIsFoundAndTheFirstRecordWins() {
        store.recordThread(1002, 1000);
        store.recordThread(1002, 999); // recorded again (a re-poll): the thread it belongs to stays

        assertThat(store.threadRoot(1002)).hasValue(1000);
        assertThat(store.threadRoot(1003)).isEmpty();
    }

    @Test
    void cursorsAndThreadsSurviveARestart(@TempDir Path dir) {
        String url = "jdbc:h2:file:" + dir.resolve("state").toAbsolutePath();
        StateDatabase before = new StateDatabase(url, "sa", "");
        before.start();
        StateStore running = new StateStore(before.dataSource(), clock);
        running.advanceCursor("acme_support", "dm", 4711);
        running.recordThread(1002, 1000);
        before.stop();

        StateDatabase after = new StateDatabase(url, "sa", "");
        after.start();
        try {
            StateStore restarted = new StateStore(after.dataSource(), clock);
            assertThat(restarted.cursor("acme_support", "dm")).hasValue(4711);
            assertThat(restarted.threadRoot(1002)).hasValue(1000);
        } finally {
            after.stop();
        }
    }

    @Test
    void anUnreachableDatabaseIsAStateStoreErrorNamingWhatCouldNotBeSaved() {
        StateDatabase database = new StateDatabase("jdbc:h2:mem:gone-" + System.nanoTime(), "sa", "");
        database.start();
        StateStore closed = new StateStore(database.dataSource(), clock);
        database.stop();
        StateStore unstarted = new StateStore(new org.h2.jdbcx.JdbcDataSource(), clock);

        assertThatThrownBy(() -> unstarted.advanceCursor("acme_support", "dm", 5))
                .isInstanceOf(StateStoreException.class)
                .hasMessage("Could not save the poll cursor of acme_support/dm");
        assertThatThrownBy(() -> closed.cursor("acme_support", "dm")).isInstanceOf(StateStoreException.class)
                .hasMessageStartingWith("State store query failed");
    }
}
