package io.twitterhelpdesk.state;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GroupCommitTest {

    private static final int THREADS = 8;
    private static final int UPDATES_EACH = 200;

    private JdbcConnectionPool pool;
    private final AtomicInteger commits = new AtomicInteger();
    private GroupCommit group;

    @BeforeEach
    void setUp() throws Exception {
        pool = JdbcConnectionPool.create("jdbc:h2:mem:group-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
        pool.setMaxConnections(THREADS + 2);
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE counter (id INT PRIMARY KEY, n INT NOT NULL)");
            for (int t = 0; t < THREADS; t++) {
                s.execute("INSERT INTO counter VALUES (" + t + ", 0)");
            }
        }
        group = new GroupCommit(countingCommits(pool), "Test store");
    }

    @AfterEach
    void tearDown() {
        pool.dispose();
    }

    @Test
    void updatesMadeAtTheSameTimeAreEachCommittedAndShareCommits() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(THREADS);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Integer>> changed = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int id = t;
                changed.add(threads.submit(() -> {
                    start.await();
                    int rows = 0;
                    for (int i = 0; i < UPDATES_EACH; i++) {
                        rows += group.execute("UPDATE counter SET n = n + 1 WHERE id = ?", id);
                        // what returned is committed: another connection sees it at once
                        assertThat(count(id)).isEqualTo(i + 1);
                    }
                    return rows;
                }));
            }
            start.countDown();
            for (Future<Integer> f : changed) {
                assertThat(f.get()).isEqualTo(UPDATES_EACH);
            }
        } finally {
            threads.shutdownNow();
        }
        assertThat(commits.get()).as("commits for " + THREADS * UPDATES_EACH + " updates")
                .isLessThan(THREADS * UPDATES_EACH);
    }

    @Test
    void aStatementThatFailsFailsOnlyItsCallerNotTheOthersCommittedWithIt() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(THREADS);
        CountDownLatch start = new CountDownLatch(1);
        AtomicInteger refused = new AtomicInteger();
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                done.add(threads.submit(() -> {
                    start.await();
                    for (int i = 0; i < UPDATES_EACH; i++) {
                        // every other thread inserts ids that exist already (the counter rows 0..THREADS-1)
                        int id = thread % 2 == 0 ? 1000 + thread * UPDATES_EACH + i : i % THREADS;
                        try {
                            assertThat(group.execute("INSERT INTO counter VALUES (?, 0)", id)).isEqualTo(1);
                            assertThat(thread % 2).as("inserted " + id).isZero();
                        } catch (StateStoreException e) {
                            assertThat(thread % 2).as("refused " + id + ": " + e.getCause()).isOne();
                            refused.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            threads.shutdownNow();
        }
        assertThat(refused.get()).isEqualTo(THREADS / 2 * UPDATES_EACH);
        try (Connection c = pool.getConnection(); Statement s = c.createStatement();
                var rs = s.executeQuery("SELECT COUNT(*) FROM counter WHERE id >= 1000")) {
            rs.next();
            assertThat(rs.getInt(1)).as("every insert that did not fail is committed").isEqualTo(THREADS / 2 * UPDATES_EACH);
        }
        assertThat(commits.get()).as("commits for " + THREADS * UPDATES_EACH + " inserts")
                .isLessThan(THREADS * UPDATES_EACH);
    }

    @Test
    void anUpdateThatChangesNoRowIsNotAFailure() {
        assertThat(group.execute("UPDATE counter SET n = 1 WHERE id = ?", 999)).isZero();
    }

    @Test
    void aFailedCommitIsTheCallersFailureAndTheNextUpdateCommits() throws Exception {
        assertThatThrownBy(() -> group.execute("UPDATE no_such_table SET n = 1"))
                .isInstanceOf(StateStoreException.class).hasMessageContaining("Test store update failed");
        assertThat(group.execute("UPDATE counter SET n = 5 WHERE id = ?", 0)).isEqualTo(1);
        assertThat(count(0)).isEqualTo(5);
    }

    private int count(int id) throws Exception {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement();
                var rs = s.executeQuery("SELECT n FROM counter WHERE id = " + id)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** The pool, counting the commits made on its connections. */
    private DataSource countingCommits(DataSource target) {
        return (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                    Object result = invoke(method, target, args);
                    if (result instanceof Connection connection) {
                        return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                                (p, m, a) -> {
                                    if (m.getName().equals("commit")) {
                                        commits.incrementAndGet();
                                    }
                                    return invoke(m, connection, a);
                                });
                    }
                    return result;
                });
    }

    private static Object invoke(java.lang.reflect.Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
