package io.twitterhelpdesk.state;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.OptionalLong;

import javax.sql.DataSource;

/**
 * What the connector must remember across restarts, kept in SQL (an H2 file by default): poll cursors and the
 * thread each tweet belongs to. Ids already delivered live in the same database, through camel-sql's
 * {@code JdbcMessageIdRepository}.
 */
public final class StateStore {

    private final DataSource dataSource;
    private final Clock clock;

    public StateStore(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /** The highest id handled on this account's channel, if it ever polled. */
    public OptionalLong cursor(String account, String channel) {
        return queryLong("SELECT last_id FROM poll_cursor WHERE account = ? AND channel = ?", account, channel);
    }

    /** Moves the cursor forward to {@code id}; never backwards. */
    public void advanceCursor(String account, String channel, long id) {
        Timestamp now = Timestamp.from(clock.instant());
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement update = c.prepareStatement(
                    "UPDATE poll_cursor SET last_id = ?, updated_at = ? WHERE account = ? AND channel = ? AND last_id < ?")) {
                update.setLong(1, id);
                update.setTimestamp(2, now);
                update.setString(3, account);
                update.setString(4, channel);
                update.setLong(5, id);
                if (update.executeUpdate() > 0) {
                    return;
                }
            }
            if (cursor(account, channel).isEmpty()) {
                try (PreparedStatement insert = c.prepareStatement(
                        "INSERT INTO poll_cursor (account, channel, last_id, updated_at) VALUES (?, ?, ?, ?)")) {
                    insert.setString(1, account);
                    insert.setString(2, channel);
                    insert.setLong(3, id);
                    insert.setTimestamp(4, now);
                    insert.executeUpdate();
                }
            }
        } catch (SQLException e) {
            throw new StateStoreException("Could not save the poll cursor of " + account + "/" + channel, e);
        }
    }

    /** Records that {@code tweetId} belongs to the thread rooted at {@code rootId} (first record wins). */
    public void recordThread(long tweetId, long rootId) {
        if (threadRoot(tweetId).isPresent()) {
            return;
        }
        try (Connection c = dataSource.getConnection();
             PreparedStatement insert = c.prepareStatement(
                     "INSERT INTO tweet_thread (tweet_id, root_id, created_at) VALUES (?, ?, ?)")) {
            insert.setLong(1, tweetId);
            insert.setLong(2, rootId);
            insert.setTimestamp(3, Timestamp.from(clock.instant()));
            insert.executeUpdate();
        } catch (SQLException e) {
            if (threadRoot(tweetId).isEmpty()) {
                throw new StateStoreException("Could not record the thread of tweet " + tweetId, e);
            }
        }
    }

    public OptionalLong threadRoot(long tweetId) {
        return queryLong("SELECT root_id FROM tweet_thread WHERE tweet_id = ?", tweetId);
    }

    private OptionalLong queryLong(String sql, Object... args) {
        try (Connection c = dataSource.getConnection(); PreparedStatement q = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                q.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
            }
        } catch (SQLException e) {
            throw new StateStoreException("State store query failed: " + sql, e);
        }
    }
}
