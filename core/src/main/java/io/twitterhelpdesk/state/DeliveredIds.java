package io.twitterhelpdesk.state;

import java.sql.SQLException;
import java.sql.Timestamp;

import javax.sql.DataSource;

import org.apache.camel.processor.idempotent.jdbc.JdbcMessageIdRepository;

/**
 * The ids already delivered (camel-sql's table {@code CAMEL_MESSAGEPROCESSED}), shared by every instance on the same
 * state database. A new id is recorded through the database's {@link GroupCommit}: the ids of messages delivered at
 * the same moment share one commit, and {@link #add} returns once its id is committed. When two instances deliver
 * the same message at the same moment (one polled it, the other took it from a webhook), both find it new and the
 * broker's duplicate detection drops the second send; the second record then hits the primary key, which means
 * "already recorded", not a failure. Reads, removals and clearing stay camel-sql's.
 */
public final class DeliveredIds extends JdbcMessageIdRepository {

    private final GroupCommit commits;

    public DeliveredIds(DataSource dataSource, String processorName) {
        super(dataSource, processorName);
        this.commits = GroupCommit.on(dataSource);
    }

    /** Records the id; false when it was recorded already. */
    @Override
    public boolean add(String key) {
        try {
            return commits.write(c -> SqlStatements.execute(c, getInsertString(), getProcessorName(), key,
                    new Timestamp(System.currentTimeMillis())) > 0);
        } catch (SQLException e) {
            if (SqlStatements.isDuplicateKey(e)) {
                return false;
            }
            throw new StateStoreException("Could not record the delivered id " + key, e);
        }
    }
}
