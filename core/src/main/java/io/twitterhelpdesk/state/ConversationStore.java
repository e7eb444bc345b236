package io.twitterhelpdesk.state;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;


/**
 * What the outbound side needs to decide on a reply, kept in SQL next to the inbound state: who wrote to which
 * company account and when (DM contacts and mention threads), and how many replies went out since. The replies
 * themselves, and their states, are the {@link ReplyLedger}'s. Portable SQL only (H2 now, PostgreSQL later);
 * times are stored as UTC.
 */
public final class ConversationStore {

    private final SqlStatements statements;
    private final GroupCommit commits;
    private final Clock clock;

    public ConversationStore(DataSource dataSource, Clock clock) {
        this.statements = new SqlStatements(dataSource, "Conversation store");
        this.commits = GroupCommit.on(dataSource);
        this.clock = clock;
    }

    /**
     * Records a customer's Direct Message to a company account. A message newer than the one on record (later
     * {@code at}, higher id) resets the count of replies sent since; an older or equal one arriving late changes nothing.
     */
    public void customerWroteDirectMessage(long accountId, String accountName, long customerId, String customerScreenName,
                                           long messageId, Instant at) {
        write(directMessageWritten(accountId, accountName, customerId, customerScreenName, messageId, at),
                "the DM of customer " + customerId + " to account " + accountId);
    }

    /** {@link #customerWroteDirectMessage} as a unit of the state database's {@link GroupCommit}, to join others. */
    public GroupCommit.Unit<Void> directMessageWritten(long accountId, String accountName, long customerId,
            String customerScreenName, long messageId, Instant at) {
        String update = "UPDATE dm_contact SET account_name = ?, customer_screen_name = ?, last_customer_message_at = ?,"
                + " last_customer_message_id = ?, sends_since_customer_message = 0"
                + " WHERE account_id = ? AND customer_id = ? AND last_customer_message_id < ? AND last_customer_message_at <= ?";
        Object[] updateArgs = {accountName, customerScreenName, SqlStatements.utc(at), messageId, accountId, customerId, messageId, SqlStatements.utc(at)};
        String insert = "INSERT INTO dm_contact (account_id, account_name, customer_id, customer_screen_name,"
                + " last_customer_message_at, last_customer_message_id, sends_since_customer_message) VALUES (?, ?, ?, ?, ?, ?, 0)";
        Object[] insertArgs = {accountId, accountName, customerId, customerScreenName, SqlStatements.utc(at), messageId};
        return upsert(update, updateArgs, insert, insertArgs);
    }

    /** Records a customer's tweet in the thread rooted at {@code rootId}, if it is the latest (highest id) seen there. */
    public void customerWroteTweet(long accountId, String accountName, long customerId, String customerScreenName,
                                   long tweetId, long rootId, Instant at) {
        write(tweetWritten(accountId, accountName, customerId, customerScreenName, tweetId, rootId, at),
                "tweet " + tweetId + " in thread " + rootId);
    }

    /** {@link #customerWroteTweet} as a unit of the state database's {@link GroupCommit}, to join others. */
    public GroupCommit.Unit<Void> tweetWritten(long accountId, String accountName, long customerId,
            String customerScreenName, long tweetId, long rootId, Instant at) {
        String update = "UPDATE thread_state SET account_id = ?, account_name = ?, customer_id = ?, customer_screen_name = ?,"
                + " last_customer_tweet_id = ?, last_customer_message_at = ? WHERE root_id = ? AND last_customer_tweet_id < ?";
        Object[] updateArgs = {accountId, accountName, customerId, customerScreenName, tweetId, SqlStatements.utc(at), rootId, tweetId};
        String insert = "INSERT INTO thread_state (root_id, account_id, account_name, customer_id, customer_screen_name,"
                + " last_customer_tweet_id, last_customer_message_at) VALUES (?, ?, ?, ?, ?, ?, ?)";
        Object[] insertArgs = {rootId, accountId, accountName, customerId, customerScreenName, tweetId, SqlStatements.utc(at)};
        return upsert(update, updateArgs, insert, insertArgs);
    }

    public Optional<DmContact> dmContact(long accountId, long customerId) {
        List<DmContact> found = dmContactsWhere("account_id = ? AND customer_id = ?", accountId, customerId);
        return found.stream().findFirst();
    }

    /** Every company account this customer sent a DM to, the one they wrote to most recently first. */
    public List<DmContact> dmContacts(long customerId) {
        return dmContactsWhere("customer_id = ?", customerId);
    }

    public Optional<ThreadState> thread(long rootId) {
        String sql = "SELECT root_id, account_id, account_name, customer_id, customer_screen_name, last_customer_tweet_id,"
                + " last_customer_message_at FROM thread_state WHERE root_id = ?";
        return statements.query(sql, rs -> new ThreadState(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getLong(4),
                rs.getString(5), rs.getLong(6), SqlStatements.instant(rs, 7)), rootId).stream().findFirst();
    }

    /**
     * Takes one of the {@code maxSends} replies allowed since the customer's last message, atomically (one
     * conditional UPDATE; false when they are all spent or the customer never wrote to this account), as a unit of
     * the state database's {@link GroupCommit}, to be committed together with the reply's {@code sending}
     * ({@link ReplyLedger#sending(String, GroupCommit.Unit)}).
     */
    public GroupCommit.Unit<Boolean> dmSendSlot(long accountId, long customerId, int maxSends) {
        return c -> SqlStatements.execute(c, "UPDATE dm_contact SET sends_since_customer_message"
                + " = sends_since_customer_message + 1"
                + " WHERE account_id = ? AND customer_id = ? AND sends_since_customer_message < ?",
                accountId, customerId, maxSends) > 0;
    }

    /** Gives back a reservation whose send finally failed (never below zero). */
    public void releaseDmSend(long accountId, long customerId) {
        statements.execute("UPDATE dm_contact SET sends_since_customer_message = sends_since_customer_message - 1"
                + " WHERE account_id = ? AND customer_id = ? AND sends_since_customer_message > 0", accountId, customerId);
    }

    private List<DmContact> dmContactsWhere(String condition, Object... args) {
        String sql = "SELECT account_id, account_name, customer_id, customer_screen_name, last_customer_message_at,"
                + " last_customer_message_id, sends_since_customer_message FROM dm_contact WHERE " + condition
                + " ORDER BY last_customer_message_at DESC, last_customer_message_id DESC";
        return statements.query(sql, rs -> new DmContact(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getString(4),
                SqlStatements.instant(rs, 5), rs.getLong(6), rs.getInt(7)), args);
    }

    /** Conditional update; else insert; if another writer inserted first, the conditional update once more. */
    private static GroupCommit.Unit<Void> upsert(String update, Object[] updateArgs, String insert, Object[] insertArgs) {
        return c -> {
            SqlStatements.upsert(c, update, updateArgs, insert, insertArgs);
            return null;
        };
    }

    private void write(GroupCommit.Unit<Void> unit, String what) {
        try {
            commits.write(unit);
        } catch (SQLException e) {
            throw new StateStoreException("Could not record " + what, e);
        }
    }
}
