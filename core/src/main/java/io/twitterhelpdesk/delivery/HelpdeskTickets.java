package io.twitterhelpdesk.delivery;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

import javax.sql.DataSource;

import io.twitterhelpdesk.state.StateStoreException;

/**
 * The ticket each conversation has in each HTTP helpdesk (table {@code helpdesk_ticket}) and the envelopes each
 * helpdesk accepted (table {@code helpdesk_delivery}). A delivery and the ticket it created are written in one
 * transaction, only after the helpdesk answered 2xx. The {@code conversationKey} arguments (column
 * {@code conversation_key}) are the envelope's conversationId (its conversationKey for envelopes that carry none), so
 * each conversation of a key gets its own ticket. Also the conversations with a parked message (table
 * {@code helpdesk_parked}, by the envelope's conversationKey), whose later messages wait behind it.
 */
public final class HelpdeskTickets {

    private final DataSource dataSource;
    private final Clock clock;

    public HelpdeskTickets(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /** The conversation's ticket that is not known to be closed, or null. */
    public String openTicket(String helpdesk, String conversationKey) {
        return query("SELECT ticket_id FROM helpdesk_ticket WHERE helpdesk = ? AND conversation_key = ?"
                + " AND closed_at IS NULL", helpdesk, conversationKey);
    }

    /** The conversation (its conversationId, or its key for older tickets) a ticket of the helpdesk belongs to. */
    public Optional<String> conversationOfTicket(String helpdesk, String ticketId) {
        return Optional.ofNullable(query("SELECT conversation_key FROM helpdesk_ticket WHERE helpdesk = ?"
                + " AND ticket_id = ?", helpdesk, ticketId));
    }

    /** The ticket the helpdesk already accepted this envelope into, or null. */
    public String deliveredTo(String helpdesk, String envelopeId) {
        return query("SELECT ticket_id FROM helpdesk_delivery WHERE helpdesk = ? AND envelope_id = ?", helpdesk,
                envelopeId);
    }

    /** The helpdesk accepted the envelope into the ticket; {@code call} "create": the ticket is new. */
    public void delivered(String helpdesk, String conversationKey, String envelopeId, String ticketId, String call) {
        boolean created = "create".equals(call);
        Timestamp now = Timestamp.valueOf(LocalDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                if (created) {
                    update(c, "DELETE FROM helpdesk_ticket WHERE helpdesk = ? AND conversation_key = ?", helpdesk,
                            conversationKey);
                    update(c, "INSERT INTO helpdesk_ticket (helpdesk, conversation_key, ticket_id, created_at)"
                            + " VALUES (?, ?, ?, ?)", helpdesk, conversationKey, ticketId, now);
                }
                update(c, "INSERT INTO helpdesk_delivery (helpdesk, envelope_id, ticket_id, delivered_at)"
                        + " VALUES (?, ?, ?, ?)", helpdesk, envelopeId, ticketId, now);
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StateStoreException("Could not record the delivery of " + envelopeId + " to " + helpdesk, e);
        }
    }

    /** The helpdesk answered that the ticket is gone or closed: the conversation's next message opens a new one. */
    public void closed(String helpdesk, String conversationKey, String ticketId) {
        Timestamp now = Timestamp.valueOf(LocalDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
        try (Connection c = dataSource.getConnection()) {
            update(c, "UPDATE helpdesk_ticket SET closed_at = ? WHERE helpdesk = ? AND conversation_key = ?"
                    + " AND ticket_id = ?", now, helpdesk, conversationKey, ticketId);
        } catch (SQLException e) {
            throw new StateStoreException("Could not record that ticket " + ticketId + " is closed", e);
        }
    }

    /**
     * A message of the conversation ({@code conversationKey}: the envelope's key) was parked: its later messages are
     * parked behind it until a replay ({@link #parkedAhead}).
     */
    public void parked(String helpdesk, String conversationKey, String envelopeId) {
        Timestamp now = Timestamp.valueOf(LocalDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement s = c.prepareStatement("UPDATE helpdesk_parked SET parked_at = ?"
                    + " WHERE helpdesk = ? AND conversation_key = ?")) {
                bind(s, now, helpdesk, conversationKey);
                if (s.executeUpdate() == 0) {
                    update(c, "INSERT INTO helpdesk_parked (helpdesk, conversation_key, envelope_id, parked_at)"
                            + " VALUES (?, ?, ?, ?)", helpdesk, conversationKey, envelopeId, now);
                }
            }
        } catch (SQLException e) {
            throw new StateStoreException("Could not record that " + envelopeId + " was parked", e);
        }
    }

    /** The first parked message of the conversation that no replay has put back yet, or null. */
    public String parkedAhead(String helpdesk, String conversationKey) {
        return query("SELECT envelope_id FROM helpdesk_parked WHERE helpdesk = ? AND conversation_key = ?", helpdesk,
                conversationKey);
    }

    /** A replay that began at {@code since} put back what was parked before it: those conversations flow again. */
    public int replayed(String helpdesk, Instant since) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("DELETE FROM helpdesk_parked WHERE helpdesk = ?"
                        + " AND parked_at < ?")) {
            bind(s, helpdesk, Timestamp.valueOf(LocalDateTime.ofInstant(since, ZoneOffset.UTC)));
            return s.executeUpdate();
        } catch (SQLException e) {
            throw new StateStoreException("Could not record the replay of " + helpdesk + "'s dead letters", e);
        }
    }

    private String query(String sql, Object... args) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            bind(s, args);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? r.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new StateStoreException("Could not read the helpdesk tickets", e);
        }
    }

    private static void update(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            bind(s, args);
            s.executeUpdate();
        }
    }

    private static void bind(PreparedStatement s, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            s.setObject(i + 1, args[i]);
        }
    }
}
