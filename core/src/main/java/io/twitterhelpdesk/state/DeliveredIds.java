package io.twitterhelpdesk.state;

import javax.sql.DataSource;

import org.apache.camel.processor.idempotent.jdbc.JdbcMessageIdRepository;
import org.springframework.dao.DuplicateKeyException;

/**
 * The ids already delivered (camel-sql's table {@code CAMEL_MESSAGEPROCESSED}), shared by every instance on the same
 * state database. When two instances deliver the same message at the same moment (one polled it, the other took it
 * from a webhook), both find it new and the broker's duplicate detection drops the second send; the second record
 * then hits the primary key, which means "already recorded", not a failure.
 */
public final class DeliveredIds extends JdbcMessageIdRepository {

    public DeliveredIds(DataSource dataSource, String processorName) {
        super(dataSource, processorName);
    }

    @Override
    public boolean add(String key) {
        try {
            return super.add(key);
        } catch (DuplicateKeyException e) {
            return false;
        }
    }
}
