package io.twitterhelpdesk.health;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;

import javax.sql.DataSource;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/** Readiness: the state database hands out a connection that answers within a few seconds. */
public final class StateStoreHealthCheck extends AbstractHealthCheck {

    private static final int VALID_TIMEOUT_SECONDS = 3;

    private final DataSource dataSource;
    private final String database;

    /** {@code database}: what to call the database in the answer (its product, e.g. "H2" or "PostgreSQL"). */
    public StateStoreHealthCheck(DataSource dataSource, String database) {
        super("connector", "state-store");
        this.dataSource = dataSource;
        this.database = database;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.detail("database", database);
        try (Connection connection = dataSource.getConnection()) {
            if (connection.isValid(VALID_TIMEOUT_SECONDS)) {
                builder.up();
            } else {
                builder.down().message("The state database did not answer within " + VALID_TIMEOUT_SECONDS + " s");
            }
        } catch (SQLException | RuntimeException e) {
            builder.down().message("The state database cannot be reached: " + e.getMessage());
        }
    }
}
