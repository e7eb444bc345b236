package io.twitterhelpdesk.state;

import java.time.Clock;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import javax.sql.DataSource;

/**
 * The reply state machine: every reply an agent asked for, by the client's idempotency key (the {@code reply} table),
 * and the only place its state changes. Each {@link Transition} names the states it may start from; a move from any
 * other state (or for a replyId never accepted) is refused with an {@link IllegalReplyTransitionException} and
 * changes nothing. The check and the move are one conditional UPDATE, so two writers cannot both move one reply out
 * of a state.
 *
 * <pre>
 *   accepted:   (new)             -> queued
 *   sending:    queued | sending  -> sending   (sending again: a send resumed after a stop; its attempt starts anew)
 *   sent:       sending           -> sent
 *   givenBack:  sending           -> queued    (Twitter did not take it: it waits or is retried)
 *   rejected:   queued | sending  -> rejected
 *   failed:     queued | sending  -> failed
 * </pre>
 *
 * Each move is committed before its method returns, so {@code sending} is on disk before the call to Twitter (what
 * keeps a reply from going out twice across a crash) and {@code sent} before the status event's JMS commit. Moves that
 * several senders make at the same moment are committed together ({@link GroupCommit}): one write of the database
 * file for all of them instead of one each, while each sender still waits for its own (so do new replies: the REST
 * API's clients and the senders accept them at the same moments). A move is a conditional UPDATE
 * of one row that changes nothing when refused, and a new reply's INSERT that finds its replyId taken is undone
 * alone, so one writer never fails another of its commit.
 * <p>
 * Portable SQL only (H2, PostgreSQL); times are stored as UTC.
 */
public final class ReplyLedger {

    /** Every allowed move, said once: the state a reply reaches and the states it may come from. */
    public enum Transition {
        ACCEPTED(ReplyState.QUEUED),
        SENDING(ReplyState.SENDING, ReplyState.QUEUED, ReplyState.SENDING),
        SENT(ReplyState.SENT, ReplyState.SENDING),
        GIVEN_BACK(ReplyState.QUEUED, ReplyState.SENDING),
        REJECTED(ReplyState.REJECTED, ReplyState.QUEUED, ReplyState.SENDING),
        FAILED(ReplyState.FAILED, ReplyState.QUEUED, ReplyState.SENDING);

        private final ReplyState to;
        private final Set<ReplyState> from;

        Transition(ReplyState to, ReplyState... from) {
            this.to = to;
            this.from = from.length == 0 ? EnumSet.noneOf(ReplyState.class) : EnumSet.of(from[0], from);
        }

        public ReplyState to() {
            return to;
        }

        /** The states this move may start from; none for {@link #ACCEPTED}, which creates the reply. */
        public Set<ReplyState> from() {
            return Set.copyOf(from);
        }
    }

    private static final int MAX_ERROR_MESSAGE = 1000;

    private final SqlStatements statements;
    private final Clock clock;

    public ReplyLedger(DataSource dataSource, Clock clock) {
        this.statements = new SqlStatements(dataSource, "Reply ledger");
        this.clock = clock;
    }

    /**
     * A new reply, {@code queued}; false when a reply with this id already exists (decided by the primary key, so two
     * concurrent requests with the same id cannot both win). The conversation key is null for a request rejected
     * before its key could be read.
     */
    public boolean accepted(String replyId, String conversationKey) {
        Objects.requireNonNull(replyId, "replyId");
        LocalDateTime now = SqlStatements.utc(clock.instant());
        try {
            statements.executeGrouped("INSERT INTO reply (reply_id, conversation_key, status, created_at, updated_at)"
                    + " VALUES (?, ?, ?, ?, ?)", replyId, conversationKey, Transition.ACCEPTED.to().value(), now, now);
            return true;
        } catch (StateStoreException e) {
            if (SqlStatements.isDuplicateKey(e.getCause())) {
                return false;
            }
            throw e;
        }
    }

    /** The reply is about to go to Twitter; its {@code updatedAt} is when this attempt began. */
    public void sending(String replyId) {
        move(replyId, Transition.SENDING, null, null, null);
    }

    /**
     * The reply is about to go to Twitter, in one commit with {@code slot} (a DM's slot of the customer's window,
     * {@link ConversationStore#dmSendSlot}): false, and nothing written, when the slot is refused. So a stop can never
     * leave a slot taken by a reply that is still {@code queued}, which its next attempt would find spent.
     */
    public boolean sending(String replyId, GroupCommit.Unit<Boolean> slot) {
        Move move = new Move(replyId, Transition.SENDING, null, null, null);
        try {
            return statements.writeGrouped(c -> {
                if (!slot.run(c)) {
                    return false;
                }
                if (SqlStatements.execute(c, move.sql, move.args) == 0) {
                    throw new NotMoved();
                }
                return true;
            });
        } catch (NotMoved e) {
            throw refused(replyId, Transition.SENDING);
        }
    }

    /** Twitter has the reply, as {@code twitterId} (null when Twitter's answer or evidence carried none). */
    public void sent(String replyId, String twitterId) {
        move(replyId, Transition.SENT, twitterId, null, null);
    }

    /** A send that did not happen: the reply is queued again, to wait or be retried. */
    public void givenBack(String replyId) {
        move(replyId, Transition.GIVEN_BACK, null, null, null);
    }

    /** Final: the reply breaks a rule or cannot be sent as asked. */
    public void rejected(String replyId, String code, String message) {
        move(replyId, Transition.REJECTED, null, code, message);
    }

    /** Final: Twitter refused the reply or stayed unavailable. */
    public void failed(String replyId, String code, String message) {
        move(replyId, Transition.FAILED, null, code, message);
    }

    public Optional<ReplyRecord> reply(String replyId) {
        String sql = "SELECT reply_id, conversation_key, status, twitter_id, error_code, error_message, created_at,"
                + " updated_at FROM reply WHERE reply_id = ?";
        return statements.query(sql, rs -> new ReplyRecord(rs.getString(1), rs.getString(2), ReplyState.of(rs.getString(3)),
                rs.getString(4), rs.getString(5), rs.getString(6), SqlStatements.instant(rs, 7), SqlStatements.instant(rs, 8)), replyId)
                .stream().findFirst();
    }

    /** The media id uploaded for a reply, if one was recorded (expired or not). */
    public Optional<ReplyMediaId> replyMedia(String replyId) {
        return statements.query("SELECT media_id, media_expires_at FROM reply WHERE reply_id = ? AND media_id IS NOT NULL",
                rs -> new ReplyMediaId(rs.getString(1), SqlStatements.instant(rs, 2)), replyId).stream().findFirst();
    }

    /** Records the media id uploaded for a reply, before the reply is sent with it (not a change of state). */
    public void recordReplyMedia(String replyId, ReplyMediaId media) {
        statements.execute("UPDATE reply SET media_id = ?, media_expires_at = ? WHERE reply_id = ?", media.mediaId(),
                SqlStatements.utc(media.expiresAt()), replyId);
    }

    /** One conditional UPDATE from the transition's states; refused (nothing written) from any other. */
    private void move(String replyId, Transition t, String twitterId, String errorCode, String errorMessage) {
        Move move = new Move(replyId, t, twitterId, errorCode, errorMessage);
        if (statements.executeGrouped(move.sql, move.args) == 0) {
            throw refused(replyId, t);
        }
    }

    private IllegalReplyTransitionException refused(String replyId, Transition t) {
        String allowed = t.from.stream().map(ReplyState::value).collect(Collectors.joining(" or "));
        return new IllegalReplyTransitionException(reply(replyId)
                .map(r -> "Reply " + replyId + " is " + r.state().value() + ": it cannot become "
                        + t.to().value() + " (" + t.name().toLowerCase(java.util.Locale.ROOT) + " only from "
                        + allowed + ")")
                .orElse("No reply with id '" + replyId + "': it has to be accepted first"));
    }

    /** A transition's conditional UPDATE: it changes no row unless the reply is in one of the states it moves from. */
    private final class Move {
        final String sql;
        final Object[] args;

        Move(String replyId, Transition t, String twitterId, String errorCode, String errorMessage) {
            List<Object> values = new ArrayList<>(List.of(t.to().value()));
            values.add(twitterId);
            values.add(errorCode);
            values.add(cut(errorMessage));
            values.add(SqlStatements.utc(clock.instant()));
            values.add(replyId);
            t.from.forEach(state -> values.add(state.value()));
            String states = t.from.stream().map(state -> "?").collect(Collectors.joining(", "));
            this.sql = "UPDATE reply SET status = ?, twitter_id = ?, error_code = ?, error_message = ?,"
                    + " updated_at = ? WHERE reply_id = ? AND status IN (" + states + ")";
            this.args = values.toArray();
        }
    }

    /** Rolls back a unit whose reply was not in a state it may move from. */
    private static final class NotMoved extends RuntimeException {
        NotMoved() {
            super(null, null, false, false);
        }
    }

    private static String cut(String message) {
        if (message == null || message.length() <= MAX_ERROR_MESSAGE) {
            return message;
        }
        int end = MAX_ERROR_MESSAGE - 1;
        if (Character.isHighSurrogate(message.charAt(end - 1))) {
            end--;
        }
        return message.substring(0, end) + "…";
    }
}
