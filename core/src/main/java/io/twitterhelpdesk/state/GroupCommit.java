package io.twitterhelpdesk.state;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

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
 *
 * <p>A thread that processes many messages as one (an intake batch, committed with one broker transaction) opens a
 * {@link Batch} instead: until it commits or closes, that thread's {@link #write}s run at once in the batch's own
 * transaction, without a commit of their own, and its {@link #read}s see them; {@link #writeAtCommit} units wait for
 * the batch's commit and run then, in the order of their keys, so rows that concurrent batches share (a channel's
 * last message) are locked only while a batch commits, and always in the same order.
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
    private final ThreadLocal<Batch> batchOfThread = new ThreadLocal<>();
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
        Batch open = batchOfThread.get();
        if (open != null) {
            return open.run(unit);
        }
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

    /**
     * Runs {@code unit} when this thread's batch commits, in the order of {@code key} with the batch's other such
     * units (in the order they came for one key); without a batch, as {@link #write} does. For writes whose result
     * nobody reads before the commit, on rows concurrent batches share.
     */
    public void writeAtCommit(String key, Unit<?> unit) throws SQLException {
        Batch batch = batchOfThread.get();
        if (batch != null) {
            batch.atCommit.add(new Deferred(key, unit));
        } else {
            write(unit);
        }
    }

    /**
     * As {@link #writeAtCommit}, for a write that a later one of the same key makes unnecessary (the latest carries
     * everything: a channel's last message by the connector's clock): of a batch's units of one key only the last runs.
     */
    public void writeLatestAtCommit(String key, Unit<?> unit) throws SQLException {
        Batch batch = batchOfThread.get();
        if (batch != null) {
            batch.latestAtCommit.put(key, new Deferred(key, unit));
        } else {
            write(unit);
        }
    }

    /** Runs a read on this thread's batch's connection (it sees the batch's writes), else on a connection of its own. */
    public <T> T read(Unit<T> unit) throws SQLException {
        Batch batch = batchOfThread.get();
        if (batch != null) {
            return batch.run(unit);
        }
        try (Connection c = dataSource.getConnection()) {
            return unit.run(c);
        }
    }

    /** This thread's open batch, if any. */
    public Optional<Batch> batch() {
        return Optional.ofNullable(batchOfThread.get());
    }

    /**
     * Opens a batch on this thread: one transaction for its writes until {@link Batch#commit} (one durable write for
     * all of them) or {@link Batch#close} (without a commit: rolled back). One at a time per thread.
     */
    public Batch begin() throws SQLException {
        if (batchOfThread.get() != null) {
            throw new IllegalStateException("This thread has a state batch open already");
        }
        Connection c = dataSource.getConnection();
        try {
            c.setAutoCommit(false);
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        Batch batch = new Batch(c);
        batchOfThread.set(batch);
        return batch;
    }

    /** A unit that waits for its batch's commit. */
    private record Deferred(String key, Unit<?> unit) {
    }

    /** The transaction one thread's writes share until it commits: see {@link #begin}. */
    public final class Batch implements AutoCloseable {

        private final Connection connection;
        private final List<Deferred> atCommit = new ArrayList<>();
        private final Map<String, Deferred> latestAtCommit = new HashMap<>();
        private final List<Consumer<Boolean>> completions = new ArrayList<>();
        private boolean committed;

        private Batch(Connection connection) {
            this.connection = connection;
        }

        /** Calls {@code completion} with true once the batch committed, with false once it closed without. */
        public void onCompletion(Consumer<Boolean> completion) {
            completions.add(completion);
        }

        private <T> T run(Unit<T> unit) throws SQLException {
            Savepoint before = connection.setSavepoint();
            try {
                T result = unit.run(connection);
                connection.releaseSavepoint(before);
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback(before);
                throw e;
            }
        }

        /** Runs the units that waited for it, in the order of their keys, then commits: all of it is written. */
        public void commit() throws SQLException {
            List<Deferred> ordered = new ArrayList<>(atCommit);
            ordered.addAll(latestAtCommit.values());
            ordered.sort(Comparator.comparing(Deferred::key));
            for (Deferred deferred : ordered) {
                deferred.unit().run(connection);
            }
            connection.commit();
            committed = true;
            commits.increment();
        }

        /** Ends the batch: rolled back unless committed; the thread's writes are its own again. */
        @Override
        public void close() {
            batchOfThread.remove();
            try {
                if (!committed) {
                    connection.rollback();
                }
            } catch (SQLException e) {
                // the connection is closed below; the pool discards a broken one, and nothing was committed
            } finally {
                restore(connection, true);
                try {
                    connection.close();
                } catch (SQLException ignored) {
                    // nothing of the batch depends on it
                }
                for (Consumer<Boolean> completion : completions) {
                    completion.accept(committed);
                }
            }
        }
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
