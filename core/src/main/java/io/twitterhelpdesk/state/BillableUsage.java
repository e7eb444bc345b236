package io.twitterhelpdesk.state;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;

import javax.sql.DataSource;

/**
 * The cost meter's tables (V13): which resources each app has read on each UTC day, and the units billed per day,
 * app, account and unit. One {@link #bill} is one {@link GroupCommit} unit: the reads of one answer are checked
 * against the day's earlier reads and counted in the same transaction, so two instances that read the same resource
 * at the same moment bill it once (the second one's insert meets the first one's row), and a restart continues the
 * day's counts.
 */
public final class BillableUsage {

    /** One row of {@code billable_usage}. */
    public record Row(LocalDate day, String app, String accountId, String unit, long units, BigDecimal cost) {
    }

    private static final String INSERT_READ =
            "INSERT INTO billed_read (usage_day, app, kind, resource_id) VALUES (?, ?, ?, ?)";
    private static final String ADD = "UPDATE billable_usage SET units = units + ?, cost = cost + ? "
            + "WHERE usage_day = ? AND app = ? AND account_id = ? AND unit = ?";
    private static final String INSERT = "INSERT INTO billable_usage (usage_day, app, account_id, unit, units, cost) "
            + "VALUES (?, ?, ?, ?, ?, ?)";
    private static final String COLUMNS = "SELECT usage_day, app, account_id, unit, units, cost FROM billable_usage ";

    private final SqlStatements sql;

    public BillableUsage(DataSource dataSource) {
        this.sql = new SqlStatements(dataSource, "Billable usage");
    }

    /**
     * Bills what one answer of X returned or one write did, once committed.
     *
     * @param kind        the resource kind of a read ({@code dm_event}, {@code post}, {@code user}), null for a write
     * @param resourceIds a read's resources (each billed unless the app read it already that day); a write's ignored
     * @param writes      how many requests a write counts (a read's ignored)
     * @param rate        the price of one unit
     * @return the units billed now (a read's resources not read before that day; a write's {@code writes})
     */
    public long bill(LocalDate day, String app, String accountId, String unit, String kind,
            Collection<String> resourceIds, long writes, BigDecimal rate) {
        return sql.writeGrouped(c -> {
            long billed = kind == null ? writes : firstReads(c, day, app, kind, resourceIds);
            if (billed > 0) {
                BigDecimal cost = rate.multiply(BigDecimal.valueOf(billed));
                String account = accountId == null ? "" : accountId;
                SqlStatements.upsert(c, ADD, new Object[] {billed, cost, day, app, account, unit},
                        INSERT, new Object[] {day, app, account, unit, billed, cost});
            }
            return billed;
        });
    }

    /** How many of the resources this app had not read that day, recording them as read. */
    private static long firstReads(Connection c, LocalDate day, String app, String kind, Collection<String> ids)
            throws SQLException {
        long first = 0;
        // in one order everywhere, so two instances' transactions over the same resources lock them in the same order
        for (String id : new java.util.TreeSet<>(ids)) {
            Savepoint before = c.setSavepoint();
            try {
                SqlStatements.execute(c, INSERT_READ, day, app, kind, id);
                c.releaseSavepoint(before);
                first++;
            } catch (SQLException e) {
                if (!SqlStatements.isDuplicateKey(e)) {
                    throw e;
                }
                // read before that day (by this instance or another): not billed again; PostgreSQL needs the rollback
                c.rollback(before);
            }
        }
        return first;
    }

    /** The rows of these accounts (X user ids) from {@code from} to {@code to}, both included, by day. */
    public List<Row> account(String accountId, LocalDate from, LocalDate to) {
        return sql.query(COLUMNS + "WHERE account_id = ? AND usage_day >= ? AND usage_day <= ? "
                + "ORDER BY usage_day, unit, app", BillableUsage::row, accountId, from, to);
    }

    /** Every row of one day. */
    public List<Row> day(LocalDate day) {
        return sql.query(COLUMNS + "WHERE usage_day = ? ORDER BY account_id, unit, app", BillableUsage::row, day);
    }

    /**
     * The estimated spend of one UTC day: of the account with this X user id (every app's units billed to it), or of
     * every account when {@code accountId} is null. Read from the database, so every instance and a restart see the
     * same figure.
     */
    public BigDecimal spent(LocalDate day, String accountId) {
        List<BigDecimal> sum = accountId == null
                ? sql.query("SELECT COALESCE(SUM(cost), 0) FROM billable_usage WHERE usage_day = ?",
                        rs -> rs.getBigDecimal(1), day)
                : sql.query("SELECT COALESCE(SUM(cost), 0) FROM billable_usage WHERE usage_day = ? AND account_id = ?",
                        rs -> rs.getBigDecimal(1), day, accountId);
        return sum.isEmpty() || sum.get(0) == null ? BigDecimal.ZERO : sum.get(0);
    }

    /**
     * Records that a spend cap alert of this kind was sent for this cap and day; false when it was already (by this
     * instance before a restart, or by another).
     */
    public boolean recordCapAlert(String scope, LocalDate day, String kind) {
        try {
            return sql.executeGrouped("INSERT INTO spend_cap_alert (cap_scope, usage_day, kind) VALUES (?, ?, ?)",
                    scope, day, kind) > 0;
        } catch (StateStoreException e) {
            if (SqlStatements.isDuplicateKey(e.getCause())) {
                return false;
            }
            throw e;
        }
    }

    /** The days before {@code day} on which this cap had an alert of kind {@code sent} and none of kind {@code missing}. */
    public List<LocalDate> capAlertDaysWithout(String scope, LocalDate day, String sent, String missing) {
        return sql.query("SELECT a.usage_day FROM spend_cap_alert a WHERE a.cap_scope = ? AND a.kind = ? "
                + "AND a.usage_day < ? AND NOT EXISTS (SELECT 1 FROM spend_cap_alert b WHERE b.cap_scope = a.cap_scope "
                + "AND b.usage_day = a.usage_day AND b.kind = ?) ORDER BY a.usage_day",
                rs -> rs.getObject(1, LocalDate.class), scope, sent, day, missing);
    }

    /** Forgets which resources were read before {@code day} (only the current day's reads decide what is billed). */
    public int forgetReadsBefore(LocalDate day) {
        return sql.execute("DELETE FROM billed_read WHERE usage_day < ?", day);
    }

    private static Row row(java.sql.ResultSet rs) throws SQLException {
        return new Row(rs.getObject(1, LocalDate.class), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getLong(5), rs.getBigDecimal(6));
    }
}
