package io.twitterhelpdesk.state;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.LongAdder;

import javax.sql.DataSource;

/**
 * Group commit on one state database: writes that callers make at the same moment share one transaction, so one
 * durable commit (one H2 file write, one PostgreSQL WAL flush) serves them all, and each caller still returns only
 * once its own write is committed. No guarantee changes: a caller whose {@link #write} returned has its write on
 * disk, exactly as with a commit of its own; one whose {@code write} threw has nothing written.
 *
 * <p>How: a caller queues its unit of work; if no batch is running it leads one, else it waits. The leader takes up
 * to {@value #MAX_BATCH} queued units, runs them in order on one connection in one transaction, each behind its own
 * savepoint (a unit that fails is rolled back to it and fails only its own caller), commits, and wakes the callers.
 * A lone caller therefore runs its own unit on its own thread, with no hand-over; under load, the units that queued
 * while a commit was being written go together in the next one. If the commit itself fails, each unit of the batch
 * is run again alone, in a transaction of its own, so a caller fails only for what its own unit does.
 *
 * <p>A unit must not call {@link #write} itself (it would wait for the batch it runs in), and should be short: the
 * rows it locks stay locked until the batch commits. Every store of one database shares one group commit
 * ({@link #on}), so the different writes of concurrent messages share commits too.
 */
public final class GroupCommit {

    /** The most units one transaction takes: bounds how long a batch holds its row locks. */
    static final int MAX_BATCH = 128;

    private static final Map<DataSource, GroupCommit> BY_DATABASE = new WeakHashMap<>();

    /** One unit of work on the batch's connection (in a transaction: never commit or roll back in it). */
    @FunctionalInterface
    public interface Unit<T> {
        T run(Connection connection) throws SQLException;
    }

    private final DataSource dataSource;
    private final Object lock = new Object();
    private final ArrayDeque<Pending<?>> queue = new ArrayDeque<>();
    private final LongAdder commits = new LongAdder();
    private boolean leading;

    public GroupCommit(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The group commit every store of this state database shares. */
    public static GroupCommit on(DataSource dataSource) {
        synchronized (BY_DATABASE) {
            return BY_DATABASE.computeIfAbsent(dataSource, GroupCommit::new);
        }
    }

    /**
     * Runs {@code unit} in a transaction shared with the units of other callers, and returns its result once that
     * transaction is committed. Throws what the unit threw (nothing of it is then written), or the database's
     * {@link SQLException} when no connection could be had or the unit's write could not be committed.
     */
    public <T> T write(Unit<T> unit) throws SQLException {
        Pending<T> mine = new Pending<>(unit);
        boolean interrupted = false;
        synchronized (lock) {
            queue.add(mine);
        }
        while (true) {
            List<Pending<?>> batch = null;
            synchronized (lock) {
                while (!mine.done && leading) {
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        // the unit is queued and will be written: wait for its outcome, keep the interrupt
                        interrupted = true;
                    }
                }
                if (!mine.done) {
                    leading = true;
                    batch = new ArrayList<>();
                    while (!queue.isEmpty() && batch.size() < MAX_BATCH) {
                        batch.add(queue.poll());
                    }
                }
            }
            if (batch == null) {
                break;
            }
            try {
                runBatch(batch);
            } finally {
                synchronized (lock) {
                    leading = false;
                    lock.notifyAll();
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return mine.outcome();
    }

    /** How many transactions this group commit has committed (not how many units: they share them). */
    public long commits() {
        return commits.sum();
    }

    /** How many units wait for the next batch. */
    int waiting() {
        synchronized (lock) {
            return queue.size();
        }
    }

    private void runBatch(List<Pending<?>> batch) {
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                if (!runTogether(c, batch)) {
                    for (Pending<?> unit : batch) {
                        runAlone(c, unit);
                    }
                }
            } finally {
                restore(c, autoCommit);
            }
        } catch (Throwable e) {
            // no connection, or it broke: every unit not settled yet fails with it (nothing of theirs committed)
            for (Pending<?> unit : batch) {
                unit.failedUnlessSettled(e);
            }
        }
    }

    /** The batch in one transaction; false when its commit failed (rolled back, nothing settled). */
    private boolean runTogether(Connection c, List<Pending<?>> batch) throws SQLException {
        List<Object> results = new ArrayList<>(batch.size());
        List<Throwable> failures = new ArrayList<>(batch.size());
        for (Pending<?> unit : batch) {
            Savepoint before = c.setSavepoint();
            try {
                results.add(unit.unit.run(c));
                failures.add(null);
                c.releaseSavepoint(before);
            } catch (SQLException | RuntimeException e) {
                c.rollback(before);
                results.add(null);
                failures.add(e);
            }
        }
        try {
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            return false;
        }
        commits.increment();
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).settle(results.get(i), failures.get(i));
        }
        return true;
    }

    private void runAlone(Connection c, Pending<?> unit) throws SQLException {
        Object result;
        try {
            result = unit.unit.run(c);
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            unit.failed(e);
            return;
        }
        commits.increment();
        unit.settle(result, null);
    }

    private static void restore(Connection c, boolean autoCommit) {
        try {
            c.setAutoCommit(autoCommit);
        } catch (SQLException e) {
            // the pool checks the connection on its way back and discards a broken one
        }
    }

    /** A caller's unit and, once its batch is settled, its outcome (read under the group commit's lock). */
    private final class Pending<T> {

        private final Unit<T> unit;
        private boolean done;
        private Object result;
        private Throwable failure;

        Pending(Unit<T> unit) {
            this.unit = unit;
        }

        void failed(Throwable e) {
            settle(null, e);
        }

        void failedUnlessSettled(Throwable e) {
            synchronized (lock) {
                if (!done) {
                    settle(null, e);
                }
            }
        }

        void settle(Object value, Throwable e) {
            synchronized (lock) {
                result = value;
                failure = e;
                done = true;
            }
        }

        @SuppressWarnings("unchecked")
        T outcome() throws SQLException {
            synchronized (lock) {
                if (failure instanceof SQLException sql) {
                    throw sql;
                }
                if (failure instanceof RuntimeException runtime) {
                    throw runtime;
                }
                if (failure instanceof Error error) {
                    throw error;
                }
                if (failure != null) {
                    throw new StateStoreException("A state write failed", failure);
                }
                return (T) result;
            }
        }
    }
}
