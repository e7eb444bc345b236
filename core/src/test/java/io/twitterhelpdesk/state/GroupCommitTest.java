package io.twitterhelpdesk.state;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Writes of concurrent callers share commits; each caller returns only once its own write is committed. */
class GroupCommitTest {

    @TempDir
    Path dir;

    private StateDatabase database;
    private final ExecutorService callers = Executors.newFixedThreadPool(12);

    @BeforeEach
    void setUp() {
        database = new StateDatabase("jdbc:h2:file:" + dir.resolve("state"), "sa", "");
        database.start();
    }

    @AfterEach
    void tearDown() {
        callers.shutdownNow();
        database.stop();
    }

    @Test
    void aBatchsWritesAreSeenByItsReadsAndCommittedOnceWithItsDeferredWritesInKeyOrder() throws Exception {
        GroupCommit commits = new GroupCommit(database.dataSource());
        List<String> ran = new ArrayList<>();
        try (GroupCommit.Batch batch = commits.begin()) {
            int written = commits.write(c -> insert(c, "b1"));
            int seen = commits.read(c -> count(c, "b1"));
            assertThat(written).isEqualTo(1);
            assertThat(seen).as("the batch's read sees its write").isEqualTo(1);
            assertThat(rows()).as("nothing committed yet").isZero();
            commits.writeAtCommit("k2", c -> ran.add("k2") ? insert(c, "k2") : 0);
            commits.writeAtCommit("k1", c -> ran.add("k1") ? insert(c, "k1") : 0);
            commits.writeLatestAtCommit("k3", c -> ran.add("k3 first") ? insert(c, "k3-first") : 0);
            commits.writeLatestAtCommit("k3", c -> ran.add("k3 last") ? insert(c, "k3-last") : 0);
            assertThat(ran).as("deferred to the commit").isEmpty();

            batch.commit();
        }
        assertThat(ran).containsExactly("k1", "k2", "k3 last");
        assertThat(ids()).containsExactlyInAnyOrder("b1", "k1", "k2", "k3-last");
        assertThat(commits.commits()).isEqualTo(1);
    }

    @Test
    void aBatchClosedWithoutItsCommitLeavesNothingAndTheThreadWritesAloneAgain() throws Exception {
        GroupCommit commits = new GroupCommit(database.dataSource());
        List<Boolean> completions = new ArrayList<>();
        try (GroupCommit.Batch batch = commits.begin()) {
            batch.onCompletion(completions::add);
            commits.write(c -> insert(c, "rolled-back"));
            commits.writeAtCommit("k", c -> insert(c, "never"));
        }
        assertThat(completions).containsExactly(false);
        assertThat(rows()).isZero();
        assertThat(commits.batch()).isEmpty();

        commits.write(c -> insert(c, "alone"));
        assertThat(ids()).containsExactly("alone");
    }

    @Test
    void writesQueuedWhileACommitRunsShareTheNextCommit() throws Exception {
        GroupCommit commits = new GroupCommit(database.dataSource());
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Integer> first = firstHeldOpen(commits, release);
        List<CompletableFuture<Integer>> queued = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String id = "queued-" + i;
            queued.add(call(() -> commits.write(c -> insert(c, id))));
        }
        waitUntil(() -> commits.waiting() == 10);

        release.countDown();

        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(1);
        for (CompletableFuture<Integer> write : queued) {
            assertThat(write.get(10, TimeUnit.SECONDS)).isEqualTo(1);
        }
        assertThat(rows()).isEqualTo(11);
        assertThat(commits.commits()).as("one commit for the first, one for the ten queued behind it").isEqualTo(2);
    }

    @Test
    void aFailingWriteFailsOnlyItsOwnCallerAndLeavesNothingBehind() throws Exception {
        GroupCommit commits = new GroupCommit(database.dataSource());
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Integer> first = firstHeldOpen(commits, release);
        CompletableFuture<Integer> before = call(() -> commits.write(c -> insert(c, "before")));
        waitUntil(() -> commits.waiting() == 1);
        CompletableFuture<Integer> failing = call(() -> commits.write(c -> {
            insert(c, "half-done");
            return insert(c, "before"); // the id "before" again: duplicate key
        }));
        waitUntil(() -> commits.waiting() == 2);
        CompletableFuture<Integer> after = call(() -> commits.write(c -> insert(c, "after")));
        waitUntil(() -> commits.waiting() == 3);

        release.countDown();

        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(before.get(10, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(after.get(10, TimeUnit.SECONDS)).isEqualTo(1);
        assertThatThrownBy(() -> failing.get(10, TimeUnit.SECONDS))
                .cause().isInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("23505"));
        assertThat(ids()).containsExactlyInAnyOrder("first", "before", "after");
        assertThat(commits.commits()).isEqualTo(2);
    }

    @Test
    void noCallerReturnsBeforeItsWriteIsCommitted() throws Exception {
        CountDownLatch commitMayFinish = new CountDownLatch(1);
        GroupCommit commits = new GroupCommit(withCommit(database.dataSource(), () -> await(commitMayFinish)));

        CompletableFuture<Integer> write = call(() -> commits.write(c -> insert(c, "slow")));
        Thread.sleep(300);

        assertThat(write).isNotDone();
        assertThat(rows()).as("not visible to others before the commit").isZero();
        commitMayFinish.countDown();
        assertThat(write.get(10, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(ids()).containsExactly("slow");
    }

    @Test
    void whenTheSharedCommitFailsEachWriteIsCommittedAlone() throws Exception {
        AtomicInteger commitCalls = new AtomicInteger();
        GroupCommit commits = new GroupCommit(withCommit(database.dataSource(), () -> {
            if (commitCalls.incrementAndGet() == 2) {
                throw new SQLException("disk full, once");
            }
        }));
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Integer> first = firstHeldOpen(commits, release);
        CompletableFuture<Integer> a = call(() -> commits.write(c -> insert(c, "a")));
        CompletableFuture<Integer> b = call(() -> commits.write(c -> insert(c, "b")));
        waitUntil(() -> commits.waiting() == 2);

        release.countDown();

        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(a.get(10, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(b.get(10, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(ids()).containsExactlyInAnyOrder("first", "a", "b");
        assertThat(commits.commits()).as("the first, then a and b each alone").isEqualTo(3);
    }

    @Test
    void everyStoreOfOneDatabaseSharesOneGroupCommit() {
        assertThat(GroupCommit.on(database.dataSource())).isSameAs(GroupCommit.on(database.dataSource()));
    }

    // ---

    interface Call<T> {
        T call() throws Exception;
    }

    interface Hook {
        void run() throws SQLException;
    }

    private <T> CompletableFuture<T> call(Call<T> body) {
        CompletableFuture<T> result = new CompletableFuture<>();
        callers.execute(() -> {
            try {
                result.complete(body.call());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    /**
     * A first write (id "first") whose commit is held open until {@code release} counts down, so that the writes
     * made meanwhile queue behind it; returns once it runs.
     */
    private CompletableFuture<Integer> firstHeldOpen(GroupCommit commits, CountDownLatch release) {
        CountDownLatch running = new CountDownLatch(1);
        CompletableFuture<Integer> first = call(() -> commits.write(c -> {
            running.countDown();
            await(release);
            return insert(c, "first");
        }));
        await(running);
        return first;
    }

    private static int insert(Connection c, String id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "INSERT INTO CAMEL_MESSAGEPROCESSED (processorName, messageId, createdAt) VALUES ('test', ?, NULL)")) {
            s.setString(1, id);
            return s.executeUpdate();
        }
    }

    private static int count(Connection c, String id) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT COUNT(*) FROM CAMEL_MESSAGEPROCESSED WHERE messageId = ?")) {
            q.setString(1, id);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private List<String> ids() throws SQLException {
        List<String> ids = new ArrayList<>();
        try (Connection c = database.dataSource().getConnection();
             PreparedStatement q = c.prepareStatement("SELECT messageId FROM CAMEL_MESSAGEPROCESSED");
             ResultSet rs = q.executeQuery()) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        }
        return ids;
    }

    private int rows() throws SQLException {
        return ids().size();
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("never released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 500 && !condition.getAsBoolean(); i++) {
            Thread.sleep(10);
        }
        assertThat(condition.getAsBoolean()).as("condition reached within 5 s").isTrue();
    }

    /** The data source with {@code hook} run before each commit of its connections. */
    private static DataSource withCommit(DataSource real, Hook hook) {
        return (DataSource) Proxy.newProxyInstance(GroupCommitTest.class.getClassLoader(),
                new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                    Object result = invoke(real, method, args);
                    if (!method.getName().equals("getConnection")) {
                        return result;
                    }
                    Connection connection = (Connection) result;
                    return Proxy.newProxyInstance(GroupCommitTest.class.getClassLoader(),
                            new Class<?>[] {Connection.class}, (p, m, a) -> {
                                if (m.getName().equals("commit")) {
                                    hook.run();
                                }
                                return invoke(connection, m, a);
                            });
                });
    }

    private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
