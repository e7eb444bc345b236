package io.twitterhelpdesk.conversation;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;

import javax.sql.DataSource;

import io.twitterhelpdesk.state.GroupCommit;
import io.twitterhelpdesk.state.StateStoreException;

/**
 * When a conversation of a stable conversation key ends and the next one begins (table {@code conversation}).
 * A conversation ends when the helpdesk closes it ({@link #close}) or when a customer message comes more than the
 * inactivity timeout after the previous one (decided when that message arrives: no timer). The message after the end
 * opens a new conversation, whose id is {@code <conversation key>@<envelope id of that message>}.
 *
 * <p>Crash safety: the decision for a message is written before its envelope is delivered, in one transaction that
 * holds the key's row lock (so two instances or threads cannot open two conversations at once), committed before
 * {@link #arrived} returns; the transaction is the state database's {@link GroupCommit}, shared with other writes of
 * the moment. A message seen again (its Twitter id at most the conversation's last one) gets the same answer as the first time: the same id, and
 * {@code newConversation} true exactly when it is the message that opened it.
 */
public final class ConversationLifecycle {

    /** Where a customer message belongs: its conversation's id, and whether it opened that conversation. */
    public record Placement(String conversationId, boolean newConversation) {
    }

    /**
     * A conversation the helpdesk closed. {@code alreadyClosed}: it was closed before this call (nothing changed).
     */
    public record Closed(String conversationKey, String conversationId, String status, String closedAt,
                         boolean alreadyClosed) {
    }

    private static final String SELECT = "SELECT conversation_id, opened_by_id, last_message_id, last_message_at,"
            + " closed_at FROM conversation WHERE conversation_key = ?";

    private final DataSource dataSource;
    private final GroupCommit commits;
    private final Clock clock;
    private final Duration inactivityTimeout;

    public ConversationLifecycle(DataSource dataSource, Clock clock, Duration inactivityTimeout) {
        if (inactivityTimeout.isNegative() || inactivityTimeout.isZero()) {
            throw new IllegalArgumentException("conversation.inactivity-timeout must be positive, not " + inactivityTimeout);
        }
        this.dataSource = dataSource;
        this.commits = GroupCommit.on(dataSource);
        this.clock = clock;
        this.inactivityTimeout = inactivityTimeout;
    }

    /** The conversation id of the conversation opened by the message with envelope id {@code envelopeId}. */
    public static String conversationId(String conversationKey, String envelopeId) {
        return conversationKey + "@" + envelopeId;
    }

    /**
     * Places a customer message (Twitter id {@code messageId}, envelope id {@code envelopeId}, written at {@code at})
     * in the current conversation of its key, or opens a new one when there is none, it was closed, or the previous
     * customer message is older than the inactivity timeout.
     */
    public Placement arrived(String conversationKey, long messageId, String envelopeId, Instant at) {
        ConversationKey.parse(conversationKey);
        Objects.requireNonNull(envelopeId, "envelopeId");
        Objects.requireNonNull(at, "at");
        for (int attempt = 1; ; attempt++) {
            try {
                return placeInTransaction(conversationKey, messageId, envelopeId, at);
            } catch (SQLException e) {
                // another writer inserted the key's first row between our read and insert: read it again (locked)
                if (!isDuplicateKey(e) || attempt == 3) {
                    throw new StateStoreException("Could not place message " + envelopeId + " in a conversation of "
                            + conversationKey, e);
                }
            }
        }
    }

    /** In a transaction shared with other writes of the moment (group commit), committed before it returns. */
    private Placement placeInTransaction(String key, long messageId, String envelopeId, Instant at) throws SQLException {
        return commits.write(c -> place(c, key, messageId, envelopeId, at));
    }

    private Placement place(Connection c, String key, long messageId, String envelopeId, Instant at) throws SQLException {
        Optional<Row> current = read(c, key, true);
        if (current.isEmpty()) {
            String id = conversationId(key, envelopeId);
            update(c, "INSERT INTO conversation (conversation_key, conversation_id, opened_by_id, last_message_id,"
                    + " last_message_at, closed_at) VALUES (?, ?, ?, ?, ?, NULL)", key, id, messageId, messageId, utc(at));
            return new Placement(id, true);
        }
        Row row = current.get();
        if (messageId == row.openedById()) {
            return new Placement(row.conversationId(), true);
        }
        if (messageId < row.lastMessageId()) {
            // seen before (a redelivery), or a late message older than the conversation's latest: it stays in it
            return new Placement(row.conversationId(), false);
        }
        if (messageId == row.lastMessageId()) {
            return new Placement(row.conversationId(), false);
        }
        boolean ended = row.closedAt() != null
                || Duration.between(row.lastMessageAt(), at).compareTo(inactivityTimeout) > 0;
        if (ended) {
            String id = conversationId(key, envelopeId);
            update(c, "UPDATE conversation SET conversation_id = ?, opened_by_id = ?, last_message_id = ?,"
                    + " last_message_at = ?, closed_at = NULL WHERE conversation_key = ?", id, messageId, messageId,
                    utc(at), key);
            return new Placement(id, true);
        }
        Instant latest = at.isAfter(row.lastMessageAt()) ? at : row.lastMessageAt();
        update(c, "UPDATE conversation SET last_message_id = ?, last_message_at = ? WHERE conversation_key = ?",
                messageId, utc(latest), key);
        return new Placement(row.conversationId(), false);
    }

    /**
     * Ends the current conversation of the key: the next customer message opens a new one. Idempotent: closing a
     * closed conversation changes nothing and answers it with {@code alreadyClosed}. Empty when the key never had a
     * conversation; {@link InvalidConversationKeyException} when it is not a conversation key.
     */
    public Optional<Closed> close(String conversationKey) {
        ConversationKey.parse(conversationKey);
        try (Connection c = dataSource.getConnection()) {
            int changed = update(c, "UPDATE conversation SET closed_at = ? WHERE conversation_key = ? AND closed_at IS NULL",
                    utc(clock.instant()), conversationKey);
            return read(c, conversationKey, false).map(row -> new Closed(conversationKey, row.conversationId(), "closed",
                    row.closedAt().truncatedTo(ChronoUnit.MILLIS).toString(), changed == 0));
        } catch (SQLException e) {
            throw new StateStoreException("Could not close conversation " + conversationKey, e);
        }
    }

    /** The current conversation id of the key, if it ever had one (closed or not). */
    public Optional<String> currentConversationId(String conversationKey) {
        try (Connection c = dataSource.getConnection()) {
            return read(c, conversationKey, false).map(Row::conversationId);
        } catch (SQLException e) {
            throw new StateStoreException("Could not read conversation " + conversationKey, e);
        }
    }

    private record Row(String conversationId, long openedById, long lastMessageId, Instant lastMessageAt,
                       Instant closedAt) {
    }

    private static Optional<Row> read(Connection c, String key, boolean forUpdate) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(forUpdate ? SELECT + " FOR UPDATE" : SELECT)) {
            s.setString(1, key);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Row(rs.getString(1), rs.getLong(2), rs.getLong(3), instant(rs, 4), instant(rs, 5)));
            }
        }
    }

    private static int update(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            return s.executeUpdate();
        }
    }

    /** A duplicate primary key: SQLState 23505 in both H2 and PostgreSQL. */
    private static boolean isDuplicateKey(SQLException e) {
        return "23505".equals(e.getSQLState());
    }

    private static LocalDateTime utc(Instant at) {
        return LocalDateTime.ofInstant(at.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        LocalDateTime value = rs.getObject(column, LocalDateTime.class);
        return value == null ? null : value.toInstant(ZoneOffset.UTC);
    }
}
