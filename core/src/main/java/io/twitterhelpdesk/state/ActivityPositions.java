package io.twitterhelpdesk.state;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import javax.sql.DataSource;


/**
 * How far each X Activity API path ({@link #STREAM}, {@link #WEBHOOK}) is complete: every event X sent before that
 * time was delivered (table {@code activity_position}). The stream moves its position in memory after each line it
 * handled and each keep-alive; the webhook's moves with time while no delivery failed. {@link #flush} writes the
 * positions that moved, one write for many events (route {@code x-activity-checkpoint}); a crash loses at most one
 * interval of progress, which only makes the next recovery window a little longer (dedup drops what comes twice).
 */
public final class ActivityPositions {

    public static final String STREAM = "stream";
    public static final String WEBHOOK = "webhook";

    private final DataSource dataSource;
    private final Clock clock;
    private final Map<String, Instant> moved = new ConcurrentHashMap<>();

    public ActivityPositions(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /** Now, by the clock the positions are kept in. */
    public Instant now() {
        return clock.instant();
    }

    /** Everything of {@code source} up to now was handled (kept in memory until {@link #flush}). */
    public void completeNow(String source) {
        complete(source, clock.instant());
    }

    /** Everything of {@code source} up to {@code at} was handled. */
    public void complete(String source, Instant at) {
        moved.merge(source, at, (a, b) -> a.isAfter(b) ? a : b);
    }

    /** The later of the persisted position and the one not yet flushed; empty before the first event ever. */
    public Optional<Instant> position(String source) {
        Optional<Instant> stored = stored(source);
        Instant pending = moved.get(source);
        return pending == null || stored.filter(pending::isBefore).isPresent() ? stored : Optional.of(pending);
    }

    /** Writes the positions that moved since the last flush; a position never moves backwards. */
    public void flush() {
        for (Map.Entry<String, Instant> entry : Map.copyOf(moved).entrySet()) {
            write(entry.getKey(), entry.getValue());
            moved.remove(entry.getKey(), entry.getValue());
        }
    }

    private Optional<Instant> stored(String source) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement q = c.prepareStatement("SELECT complete_at FROM activity_position WHERE source = ?")) {
            q.setString(1, source);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? Optional.of(rs.getTimestamp(1).toLocalDateTime().toInstant(ZoneOffset.UTC))
                        : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StateStoreException("Could not read the X Activity API position of " + source, e);
        }
    }

    private void write(String source, Instant at) {
        LocalDateTime utc = LocalDateTime.ofInstant(at.truncatedTo(ChronoUnit.MILLIS), ZoneOffset.UTC);
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement update = c.prepareStatement(
                    "UPDATE activity_position SET complete_at = ? WHERE source = ? AND complete_at < ?")) {
                update.setObject(1, utc);
                update.setString(2, source);
                update.setObject(3, utc);
                if (update.executeUpdate() > 0 || stored(source).isPresent()) {
                    return;
                }
            }
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO activity_position (source, complete_at) VALUES (?, ?)")) {
                insert.setString(1, source);
                insert.setObject(2, utc);
                insert.executeUpdate();
            }
        } catch (SQLException e) {
            if (stored(source).isPresent()) {
                // another instance inserted it first: the next flush moves it
                return;
            }
            throw new StateStoreException("Could not save the X Activity API position of " + source, e);
        }
    }
}
