package io.twitterhelpdesk.state;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

import javax.sql.DataSource;

/**
 * What the connector must remember across restarts, kept in SQL (an H2 file by default): poll cursors, the pages of
 * a backlog scan in progress, and the thread each tweet belongs to. Ids already delivered live in the same database, through camel-sql's
 * {@code JdbcMessageIdRepository}.
 */
public final class StateStore {

    private final DataSource dataSource;
    private final GroupCommit commits;
    private final Clock clock;

    public StateStore(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.commits = GroupCommit.on(dataSource);
        this.clock = clock;
    }

    /** The highest id handled on this account's channel, if it ever polled. */
    public OptionalLong cursor(String account, String channel) {
        return queryLong("SELECT last_id FROM poll_cursor WHERE account = ? AND channel = ?", account, channel);
    }

    /** Moves the cursor forward to {@code id}; never backwards. */
    public void advanceCursor(String account, String channel, long id) {
        Timestamp now = Timestamp.from(clock.instant());
        try {
            // through the group commit: a poll page's cursor moves share commits with the other inbound writes
            commits.write(c -> {
                String update = "UPDATE poll_cursor SET last_id = ?, updated_at = ? WHERE account = ? AND channel = ?"
                        + " AND last_id < ?";
                Object[] updateArgs = {id, now, account, channel, id};
                if (SqlStatements.execute(c, update, updateArgs) > 0 || hasCursor(c, account, channel)) {
                    return null;
                }
                SqlStatements.upsert(c, update, updateArgs,
                        "INSERT INTO poll_cursor (account, channel, last_id, updated_at) VALUES (?, ?, ?, ?)",
                        new Object[] {account, channel, id, now});
                return null;
            });
        } catch (SQLException e) {
            throw new StateStoreException("Could not save the poll cursor of " + account + "/" + channel, e);
        }
    }

    private static boolean hasCursor(Connection c, String account, String channel) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT 1 FROM poll_cursor WHERE account = ? AND channel = ?")) {
            q.setString(1, account);
            q.setString(2, channel);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Records that {@code tweetId} belongs to the thread rooted at {@code rootId} (first record wins). */
    public void recordThread(long tweetId, long rootId) {
        if (threadRoot(tweetId).isPresent()) {
            return;
        }
        Timestamp now = Timestamp.from(clock.instant());
        try {
            commits.write(c -> {
                java.sql.Savepoint beforeInsert = c.setSavepoint();
                try {
                    SqlStatements.execute(c, "INSERT INTO tweet_thread (tweet_id, root_id, created_at) VALUES (?, ?, ?)",
                            tweetId, rootId, now);
                    c.releaseSavepoint(beforeInsert);
                } catch (SQLException e) {
                    if (!SqlStatements.isDuplicateKey(e)) {
                        throw e;
                    }
                    // another writer recorded the tweet's thread first: theirs stands
                    c.rollback(beforeInsert);
                }
                return null;
            });
        } catch (SQLException e) {
            throw new StateStoreException("Could not record the thread of tweet " + tweetId, e);
        }
    }

    /** A page of a backlog scan in progress: what it found (DMs or posts, as the poller read them) and the token after. */
    public record ScanPage(String nextToken, List<?> found) {
    }

    /** What a scan's pages may hold when read back: the connector's classes, twitter4j's, Jackson's trees, the JDK's. */
    private static final ObjectInputFilter SCAN_CLASSES = ObjectInputFilter.Config.createFilter(
            "io.twitterhelpdesk.**;twitter4j.**;com.fasterxml.jackson.databind.node.*;java.lang.*;java.util.*;"
                    + "java.time.*;java.math.*;!*");

    /** The pages a backlog scan of this account's channel kept so far, in order (none: no scan in progress). */
    public List<ScanPage> scanPages(String account, String channel) {
        String sql = "SELECT next_token, found FROM poll_scan_page WHERE account = ? AND channel = ? ORDER BY page";
        try (Connection c = dataSource.getConnection(); PreparedStatement q = c.prepareStatement(sql)) {
            q.setString(1, account);
            q.setString(2, channel);
            List<ScanPage> pages = new ArrayList<>();
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    pages.add(new ScanPage(rs.getString(1), readList(rs.getBytes(2))));
                }
            }
            return pages;
        } catch (SQLException | IOException | ClassNotFoundException | ClassCastException e) {
            throw new StateStoreException("Could not read the " + channel + " scan of account " + account, e);
        }
    }

    /** Keeps a page of a scan that goes on at the next poll: what it found and the token of the page after it. */
    public void keepScanPage(String account, String channel, int page, String nextToken,
            List<? extends Serializable> found) {
        try {
            byte[] bytes = write(new ArrayList<>(found));
            commits.write(c -> SqlStatements.execute(c, "INSERT INTO poll_scan_page (account, channel, page, "
                    + "next_token, found) VALUES (?, ?, ?, ?, ?)", account, channel, page, nextToken, bytes));
        } catch (SQLException | IOException e) {
            throw new StateStoreException("Could not keep page " + page + " of the " + channel + " scan of account "
                    + account, e);
        }
    }

    /** Forgets a scan: it reached the cursor and what it found goes on. */
    public void dropScan(String account, String channel) {
        try {
            commits.write(c -> SqlStatements.execute(c, "DELETE FROM poll_scan_page WHERE account = ? AND channel = ?",
                    account, channel));
        } catch (SQLException e) {
            throw new StateStoreException("Could not drop the " + channel + " scan of account " + account, e);
        }
    }

    private static byte[] write(ArrayList<?> items) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(items);
        }
        return bytes.toByteArray();
    }

    private static List<?> readList(byte[] bytes) throws IOException, ClassNotFoundException {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            in.setObjectInputFilter(SCAN_CLASSES);
            return (List<?>) in.readObject();
        }
    }

    public OptionalLong threadRoot(long tweetId) {
        return queryLong("SELECT root_id FROM tweet_thread WHERE tweet_id = ?", tweetId);
    }

    /** Through the group commit's read: in a batch, it sees what the batch wrote (a thread recorded just before). */
    private OptionalLong queryLong(String sql, Object... args) {
        try {
            return commits.read(c -> {
                try (PreparedStatement q = c.prepareStatement(sql)) {
                    for (int i = 0; i < args.length; i++) {
                        q.setObject(i + 1, args[i]);
                    }
                    try (ResultSet rs = q.executeQuery()) {
                        return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
                    }
                }
            });
        } catch (SQLException e) {
            throw new StateStoreException("State store query failed: " + sql, e);
        }
    }
}
