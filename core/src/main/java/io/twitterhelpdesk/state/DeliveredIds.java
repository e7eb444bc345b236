package io.twitterhelpdesk.state;

import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import javax.sql.DataSource;

import org.apache.camel.Exchange;
import org.apache.camel.processor.idempotent.jdbc.JdbcMessageIdRepository;

/**
 * The ids already delivered (camel-sql's table {@code CAMEL_MESSAGEPROCESSED}), shared by every instance on the same
 * state database. A new id is recorded through the database's {@link GroupCommit}: the ids of messages delivered at
 * the same moment share one commit, and {@link #add} returns once its id is committed. When two instances deliver
 * the same message at the same moment (one polled it, the other took it from a webhook), both find it new and the
 * broker's duplicate detection drops the second send; the second record then hits the primary key, which means
 * "already recorded", not a failure. Reads, removals and clearing stay camel-sql's.
 * <p>
 * A message that comes from the intake queue carries its intake message's id (exchange property
 * {@value #INTAKE_ID}), recorded with its own id. Its envelope is sent in that intake message's broker transaction,
 * which commits after the id: if the transaction rolls back (a crash, the broker gone), the broker hands the same
 * intake message again, and the ids recorded by that same intake message count as not delivered, so they are
 * delivered then instead of dropped. An id recorded by another intake message, or without one, is delivered (or
 * will be, by that intake message when the broker hands it again).
 * <p>
 * In a batch of the group commit ({@link GroupCommit#begin}: an intake batch) an id is recorded in the batch's
 * transaction, committed with the batch just before its broker transaction. Until then it is pending: every thread
 * finds it delivered (the message's lock, held from the check to the record, keeps two deliveries apart), and a batch
 * that rolls back forgets its pending ids with its rows, so its intake messages, handed again, deliver them.
 */
public final class DeliveredIds extends JdbcMessageIdRepository {

    /** The exchange property naming the intake message an exchange's message came in. */
    public static final String INTAKE_ID = "TwitterIntakeId";

    private static final String INSERT_WITH_INTAKE = "INSERT INTO CAMEL_MESSAGEPROCESSED "
            + "(processorName, messageId, createdAt, intakeId) VALUES (?, ?, ?, ?)";
    private static final String DELIVERED_BY = "SELECT intakeId FROM CAMEL_MESSAGEPROCESSED "
            + "WHERE processorName = ? AND messageId = ?";

    private final GroupCommit commits;
    private final SqlStatements sql;
    /** The ids recorded by batches not committed yet, with their intake message's id and their batch. */
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();

    /** @param intake the intake message's id, "" without one */
    private record Pending(String intake, GroupCommit.Batch batch) {
    }

    public DeliveredIds(DataSource dataSource, String processorName) {
        super(dataSource, processorName);
        this.commits = GroupCommit.on(dataSource);
        this.sql = new SqlStatements(dataSource, "The delivered ids");
    }

    /** Records the id; false when it was recorded already. */
    @Override
    public boolean add(String key) {
        return record(key, null);
    }

    /** Records the id with the intake message it came in, if any; false when it was recorded already. */
    @Override
    public boolean add(Exchange exchange, String key) {
        return record(key, intakeId(exchange));
    }

    /**
     * Whether the id was delivered before: recorded, and not by the intake message this exchange came in (that one's
     * earlier attempt was rolled back, its envelope with it).
     */
    @Override
    public boolean contains(Exchange exchange, String key) {
        String intake = intakeId(exchange);
        Pending recorded = pending.get(key);
        if (recorded != null) {
            return !recorded.intake().equals(intake);
        }
        if (intake == null) {
            return contains(key);
        }
        List<String> deliveredBy = sql.query(DELIVERED_BY, rs -> String.valueOf(rs.getString(1)), getProcessorName(),
                key);
        return !deliveredBy.isEmpty() && !intake.equals(deliveredBy.get(0));
    }

    @Override
    public boolean contains(String key) {
        return pending.containsKey(key) || super.contains(key);
    }

    /**
     * In a batch, only an id this batch recorded, on the batch's connection (no other connection may touch its row):
     * another batch's pending id, or one committed before, is the record of the message an exchange found a duplicate
     * of, which that exchange's failure must not remove.
     */
    @Override
    public boolean remove(String key) {
        Optional<GroupCommit.Batch> batch = commits.batch();
        if (batch.isEmpty()) {
            return super.remove(key);
        }
        Pending recorded = pending.get(key);
        if (recorded == null || recorded.batch() != batch.get()) {
            return false;
        }
        try {
            boolean removed = commits.write(c -> SqlStatements.execute(c, getDeleteString(), getProcessorName(),
                    key) > 0);
            pending.remove(key, recorded);
            return removed;
        } catch (SQLException e) {
            throw new StateStoreException("Could not remove the delivered id " + key, e);
        }
    }

    private boolean record(String key, String intake) {
        Optional<GroupCommit.Batch> batch = commits.batch();
        if (batch.isPresent()) {
            Pending mine = new Pending(intake == null ? "" : intake, batch.get());
            if (pending.putIfAbsent(key, mine) != null) {
                return false;
            }
            batch.get().onCompletion(committed -> pending.remove(key, mine));
        }
        try {
            return commits.write(c -> (intake == null
                    ? SqlStatements.execute(c, getInsertString(), getProcessorName(), key, now())
                    : SqlStatements.execute(c, INSERT_WITH_INTAKE, getProcessorName(), key, now(), intake)) > 0);
        } catch (SQLException e) {
            if (SqlStatements.isDuplicateKey(e)) {
                return false;
            }
            throw new StateStoreException("Could not record the delivered id " + key, e);
        }
    }

    private static Timestamp now() {
        return new Timestamp(System.currentTimeMillis());
    }

    private static String intakeId(Exchange exchange) {
        return exchange == null ? null : exchange.getProperty(INTAKE_ID, String.class);
    }
}
