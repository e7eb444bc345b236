package io.twitterhelpdesk.state;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

import javax.sql.DataSource;


/**
 * When each account's channel last delivered a customer message, and the silent-channel alert raised on it
 * (table {@code channel_activity}). Raising and clearing are conditional updates, so each happens once even if two
 * checks race with each other or with a delivery. Portable SQL; times stored as UTC.
 */
public final class ChannelActivityStore {

    private final DataSource dataSource;
    private final GroupCommit commits;

    public ChannelActivityStore(DataSource dataSource) {
        this.dataSource = dataSource;
        this.commits = GroupCommit.on(dataSource);
    }

    /** A customer message was delivered on the channel at {@code at}; an older time never moves it backwards. */
    public void messageDelivered(String account, String channel, Instant at) {
        try {
            commits.write(messageDeliveredAt(account, channel, at));
        } catch (SQLException e) {
            throw new StateStoreException("Could not record the last message of " + account + "/" + channel, e);
        }
    }

    /** {@link #messageDelivered} as a unit of the state database's {@link GroupCommit}, to join others. */
    public GroupCommit.Unit<Void> messageDeliveredAt(String account, String channel, Instant at) {
        String update = "UPDATE channel_activity SET last_message_at = ? WHERE account = ? AND channel = ?"
                + " AND last_message_at < ?";
        String insert = "INSERT INTO channel_activity (account, channel, last_message_at) VALUES (?, ?, ?)";
        return c -> {
            SqlStatements.upsert(c, update, new Object[] {utc(at), account, channel, utc(at)},
                    insert, new Object[] {account, channel, utc(at)});
            return null;
        };
    }

    /** The channel's row; a channel never seen before starts being watched {@code since} then. */
    public ChannelActivity watch(String account, String channel, Instant since) {
        return find(account, channel).orElseGet(() -> {
            insert(account, channel, since);
            return find(account, channel).orElseThrow();
        });
    }

    /** Raises the alert, unless one is raised already or a message came after {@code lastMessageAt} was read. */
    public boolean raiseAlert(String account, String channel, Instant lastMessageAt, Instant at) {
        return execute("UPDATE channel_activity SET alert_raised_at = ?, silent_since = last_message_at"
                        + " WHERE account = ? AND channel = ? AND alert_raised_at IS NULL AND last_message_at = ?",
                utc(at), account, channel, utc(lastMessageAt)) > 0;
    }

    /** Clears the alert raised at {@code raisedAt}; false when it was cleared already. */
    public boolean clearAlert(String account, String channel, Instant raisedAt) {
        return execute("UPDATE channel_activity SET alert_raised_at = NULL, silent_since = NULL"
                + " WHERE account = ? AND channel = ? AND alert_raised_at = ?", account, channel, utc(raisedAt)) > 0;
    }

    public Optional<ChannelActivity> find(String account, String channel) {
        String sql = "SELECT last_message_at, alert_raised_at, silent_since FROM channel_activity"
                + " WHERE account = ? AND channel = ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement q = c.prepareStatement(sql)) {
            q.setString(1, account);
            q.setString(2, channel);
            try (ResultSet rs = q.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new ChannelActivity(account, channel, instant(rs, 1), instant(rs, 2),
                        instant(rs, 3)));
            }
        } catch (SQLException e) {
            throw new StateStoreException("Could not read the activity of " + account + "/" + channel, e);
        }
    }

    /** Inserts the channel's row; false when it exists already (another writer was first). */
    private boolean insert(String account, String channel, Instant lastMessageAt) {
        try {
            execute("INSERT INTO channel_activity (account, channel, last_message_at) VALUES (?, ?, ?)",
                    account, channel, utc(lastMessageAt));
            return true;
        } catch (StateStoreException e) {
            if (e.getCause() instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
                return false;
            }
            throw e;
        }
    }

    private int execute(String sql, Object... args) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            return s.executeUpdate();
        } catch (SQLException e) {
            throw new StateStoreException("Channel activity update failed: " + sql, e);
        }
    }

    private static LocalDateTime utc(Instant at) {
        return LocalDateTime.ofInstant(at.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        LocalDateTime value = rs.getObject(column, LocalDateTime.class);
        return value == null ? null : value.toInstant(ZoneOffset.UTC);
    }
}
