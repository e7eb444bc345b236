package io.twitterhelpdesk.state;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

/**
 * The plain JDBC the state stores share: one statement on a pooled connection, its failure as a
 * {@link StateStoreException} naming the store and the statement, and the conversions of the schema's UTC timestamps
 * (H2 and PostgreSQL alike).
 */
final class SqlStatements {

    /** Reads one row of a result. */
    interface Row<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private final DataSource dataSource;
    private final String store;

    /** @param store the store's name for error messages, e.g. "Reply ledger" */
    SqlStatements(DataSource dataSource, String store) {
        this.dataSource = dataSource;
        this.store = store;
    }

    /** Runs an INSERT, UPDATE or DELETE; the number of rows it changed. */
    int execute(String sql, Object... args) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            bind(s, args);
            return s.executeUpdate();
        } catch (SQLException e) {
            throw new StateStoreException(store + " update failed: " + sql, e);
        }
    }

    /**
     * Runs an INSERT, UPDATE or DELETE in the state database's {@link GroupCommit}: committed, with the writes other
     * threads make at the same moment, before it returns; the number of rows it changed. Its own failure (a duplicate
     * key) fails only this caller.
     */
    int executeGrouped(String sql, Object... args) {
        try {
            return GroupCommit.on(dataSource).write(c -> execute(c, sql, args));
        } catch (SQLException e) {
            throw new StateStoreException(store + " update failed: " + sql, e);
        }
    }

    /** Runs {@code unit} in the state database's {@link GroupCommit}; its result once committed. */
    <T> T writeGrouped(GroupCommit.Unit<T> unit) {
        try {
            return GroupCommit.on(dataSource).write(unit);
        } catch (SQLException e) {
            throw new StateStoreException(store + " update failed", e);
        }
    }

    /** Runs a SELECT; each row read by {@code row}. */
    <T> List<T> query(String sql, Row<T> row, Object... args) {
        try (Connection c = dataSource.getConnection(); PreparedStatement q = c.prepareStatement(sql)) {
            bind(q, args);
            List<T> result = new ArrayList<>();
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    result.add(row.read(rs));
                }
            }
            return result;
        } catch (SQLException e) {
            throw new StateStoreException(store + " query failed: " + sql, e);
        }
    }

    /** Runs an INSERT, UPDATE or DELETE on {@code c} (a {@link GroupCommit} unit's connection); the rows it changed. */
    static int execute(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            bind(s, args);
            return s.executeUpdate();
        }
    }

    /**
     * In a transaction: the conditional update; else the insert; if another writer inserted the row first, the
     * conditional update once more (the failed insert rolled back to a savepoint: PostgreSQL would otherwise refuse
     * the rest of the transaction).
     */
    static void upsert(Connection c, String update, Object[] updateArgs, String insert, Object[] insertArgs)
            throws SQLException {
        if (execute(c, update, updateArgs) > 0) {
            return;
        }
        java.sql.Savepoint beforeInsert = c.setSavepoint();
        try {
            execute(c, insert, insertArgs);
            c.releaseSavepoint(beforeInsert);
        } catch (SQLException e) {
            if (!isDuplicateKey(e)) {
                throw e;
            }
            c.rollback(beforeInsert);
            execute(c, update, updateArgs);
        }
    }

    private static void bind(PreparedStatement s, Object[] args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            s.setObject(i + 1, args[i]);
        }
    }

    /** A duplicate primary key: SQLState 23505 in both H2 and PostgreSQL. */
    static boolean isDuplicateKey(Throwable e) {
        return e instanceof SQLException sql && "23505".equals(sql.getSQLState());
    }

    /** An instant as the schema's UTC timestamp (microseconds, as PostgreSQL keeps them). */
    static LocalDateTime utc(Instant at) {
        return LocalDateTime.ofInstant(at.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
    }

    /** A UTC timestamp column as an instant, or null. */
    static Instant instant(ResultSet rs, int column) throws SQLException {
        LocalDateTime value = rs.getObject(column, LocalDateTime.class);
        return value == null ? null : value.toInstant(ZoneOffset.UTC);
    }
}
