package io.twitterhelpdesk.state;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

/**
 * Group commit for single-row updates that several threads make at once: each caller waits until its statement is
 * committed, as with a statement of its own, but the statements that wait together are committed in one transaction,
 * so one write to the database file serves all of them. The first caller to find no commit under way commits
 * everything waiting (itself included); callers that come meanwhile wait for it and then form the next group. Alone,
 * a caller commits just its own statement, at once: no timer, no added wait.
 * <p>
 * Each statement runs behind a savepoint: one that fails (a duplicate key) is undone alone and is its caller's
 * failure, the others of its group are committed (PostgreSQL would otherwise abort the whole transaction). A commit
 * that fails (the database down) is the failure of every caller of its group, as it would have been for each alone;
 * nothing of that group is committed.
 */
final class GroupCommit {

    private final DataSource dataSource;
    private final String store;
    private final Object lock = new Object();
    private List<Update> waiting = new ArrayList<>();
    private boolean committing;

    /** @param store the store's name for error messages, e.g. "Reply ledger" */
    GroupCommit(DataSource dataSource, String store) {
        this.dataSource = dataSource;
        this.store = store;
    }

    /**
     * Runs an INSERT, UPDATE or DELETE, committed (with the others waiting) before it returns; the number of rows it
     * changed. Its own failure is a {@link StateStoreException} whose cause is the {@link SQLException}.
     */
    int execute(String sql, Object... args) {
        Update update = new Update(sql, args);
        List<Update> group;
        boolean interrupted = false;
        synchronized (lock) {
            waiting.add(update);
            // not given up when interrupted: another caller may be committing it already; a commit is short
            while (committing && !update.done) {
                try {
                    lock.wait();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            if (update.done) {
                return update.result();
            }
            committing = true;
            group = waiting;
            waiting = new ArrayList<>();
        }
        try {
            commit(group);
        } finally {
            synchronized (lock) {
                committing = false;
                lock.notifyAll();
            }
        }
        return update.result();
    }

    private void commit(List<Update> group) {
        StateStoreException failure = null;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                for (Update u : group) {
                    Savepoint before = group.size() > 1 ? c.setSavepoint() : null;
                    try (PreparedStatement s = c.prepareStatement(u.sql)) {
                        for (int i = 0; i < u.args.length; i++) {
                            s.setObject(i + 1, u.args[i]);
                        }
                        u.rows = s.executeUpdate();
                    } catch (SQLException e) {
                        if (before == null) {
                            throw e;
                        }
                        c.rollback(before);
                        u.failure = new StateStoreException(store + " update failed: " + u.sql, e);
                    }
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException | RuntimeException e) {
            failure = group.size() == 1 ? new StateStoreException(store + " update failed: " + group.get(0).sql, e)
                    : new StateStoreException(store + " commit of " + group.size() + " updates failed", e);
        }
        synchronized (lock) {
            for (Update u : group) {
                if (failure != null) {
                    u.failure = failure;
                }
                u.done = true;
            }
        }
    }

    private static final class Update {
        private final String sql;
        private final Object[] args;
        private int rows;
        private StateStoreException failure;
        private boolean done;

        Update(String sql, Object[] args) {
            this.sql = sql;
            this.args = args;
        }

        int result() {
            if (failure != null) {
                throw failure;
            }
            return rows;
        }
    }
}
