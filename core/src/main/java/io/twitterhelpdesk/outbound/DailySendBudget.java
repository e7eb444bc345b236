package io.twitterhelpdesk.outbound;

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
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

import javax.sql.DataSource;

import io.twitterhelpdesk.state.StateStoreException;

/**
 * Per account and mode, how many replies the connector may send within a rolling 24 hours
 * ({@code outbound.dm.daily-budget}, {@code outbound.tweet.daily-budget}, per account
 * {@code twitter.account.<name>.dm-daily-budget} / {@code tweet-daily-budget}): a campaign stops here, with a final
 * {@code rejected} / {@code daily_limit_reached}, before Twitter starts refusing the account's sends.
 *
 * <p>Counted in the state database (table {@code daily_send}, one row per reply holding a slot), so a restart or
 * another instance sees the same count. The count and the insert are not one atomic step across instances: two
 * instances sending from one account at the same moment may go one send each over the budget.
 */
public final class DailySendBudget {

    public static final Duration WINDOW = Duration.ofHours(24);

    private final DataSource dataSource;
    private final Clock clock;
    private final BiFunction<String, ReplyDecision.Mode, Integer> limits;

    /** @param limits the budget of an account (by name) and mode; 0 or less means no budget */
    public DailySendBudget(DataSource dataSource, Clock clock, BiFunction<String, ReplyDecision.Mode, Integer> limits) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.limits = limits;
    }

    /** The same budget for every account. */
    public static BiFunction<String, ReplyDecision.Mode, Integer> everyAccount(Map<ReplyDecision.Mode, Integer> limits) {
        return (account, mode) -> limits.getOrDefault(mode, 0);
    }

    /**
     * Takes a slot of the account's budget for the reply (a reply that holds one already keeps it: a resumed send),
     * or answers why not: the rejection message naming the budget and when the oldest counted send leaves the window.
     */
    public synchronized Optional<String> take(String account, ReplyDecision.Mode mode, String replyId) {
        int limit = limits.apply(account, mode);
        if (limit <= 0 || holds(replyId)) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Instant since = now.minus(WINDOW);
        execute("DELETE FROM daily_send WHERE sent_at < ?", utc(since.minus(WINDOW)));
        long used = count(account, mode, since);
        if (used >= limit) {
            Instant free = oldest(account, mode, since).map(o -> o.plus(WINDOW)).orElse(now);
            return Optional.of("Account " + account + " sent " + used + " " + describe(mode)
                    + " in the last 24 hours, its daily budget (" + limit + "); the next slot frees at " + free);
        }
        execute("INSERT INTO daily_send (reply_id, account, mode, sent_at) VALUES (?, ?, ?, ?)",
                replyId, account, mode.name(), utc(now));
        return Optional.empty();
    }

    /** Gives the reply's slot back: it was not sent after all. */
    public void giveBack(String replyId) {
        execute("DELETE FROM daily_send WHERE reply_id = ?", replyId);
    }

    private static String describe(ReplyDecision.Mode mode) {
        return mode == ReplyDecision.Mode.DM ? "Direct Messages" : "public replies";
    }

    private boolean holds(String replyId) {
        return queryLong("SELECT COUNT(*) FROM daily_send WHERE reply_id = ?", replyId) > 0;
    }

    private long count(String account, ReplyDecision.Mode mode, Instant since) {
        return queryLong("SELECT COUNT(*) FROM daily_send WHERE account = ? AND mode = ? AND sent_at >= ?",
                account, mode.name(), utc(since));
    }

    private Optional<Instant> oldest(String account, ReplyDecision.Mode mode, Instant since) {
        String sql = "SELECT MIN(sent_at) FROM daily_send WHERE account = ? AND mode = ? AND sent_at >= ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement q = c.prepareStatement(sql)) {
            bind(q, account, mode.name(), utc(since));
            try (ResultSet rs = q.executeQuery()) {
                LocalDateTime value = rs.next() ? rs.getObject(1, LocalDateTime.class) : null;
                return Optional.ofNullable(value).map(v -> v.toInstant(ZoneOffset.UTC));
            }
        } catch (SQLException e) {
            throw new StateStoreException("Could not read the daily send budget of " + account, e);
        }
    }

    private long queryLong(String sql, Object... args) {
        try (Connection c = dataSource.getConnection(); PreparedStatement q = c.prepareStatement(sql)) {
            bind(q, args);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        } catch (SQLException e) {
            throw new StateStoreException("Could not read the daily send budget: " + sql, e);
        }
    }

    private void execute(String sql, Object... args) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            bind(s, args);
            s.executeUpdate();
        } catch (SQLException e) {
            throw new StateStoreException("Daily send budget update failed: " + sql, e);
        }
    }

    private static void bind(PreparedStatement s, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            s.setObject(i + 1, args[i]);
        }
    }

    private static LocalDateTime utc(Instant at) {
        return LocalDateTime.ofInstant(at.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
    }
}
