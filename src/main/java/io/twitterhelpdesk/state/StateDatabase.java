package io.twitterhelpdesk.state;

import javax.sql.DataSource;

import org.apache.camel.support.service.ServiceSupport;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcConnectionPool;

/**
 * The state database: a pooled connection to the configured JDBC URL (an H2 file by default), with its schema
 * brought up to date by Flyway (migrations in {@code db/migration}) before anything reads it.
 */
public final class StateDatabase extends ServiceSupport {

    private final String url;
    private final String user;
    private final String password;
    private JdbcConnectionPool pool;

    public StateDatabase(String url, String user, String password) {
        if (!url.startsWith("jdbc:h2:")) {
            throw new IllegalArgumentException("state.url must be an H2 JDBC URL (jdbc:h2:...), not " + url);
        }
        this.url = url;
        this.user = user;
        this.password = password;
    }

    public DataSource dataSource() {
        if (pool == null) {
            throw new IllegalStateException("The state database is not started");
        }
        return pool;
    }

    @Override
    protected void doStart() {
        pool = JdbcConnectionPool.create(url, user, password);
        pool.setMaxConnections(16);
        Flyway.configure().dataSource(pool).locations("classpath:db/migration").load().migrate();
        flushEveryCommit();
    }

    /**
     * H2 writes committed transactions to its file up to 500 ms later by default: a killed process would forget
     * its last deliveries and sends, and do them again. Each commit is written before it returns instead.
     */
    private void flushEveryCommit() {
        if (!url.startsWith("jdbc:h2:file:") && !url.startsWith("jdbc:h2:./") && !url.matches("jdbc:h2:[^:]+")) {
            return;
        }
        try (java.sql.Connection c = pool.getConnection(); java.sql.Statement s = c.createStatement()) {
            s.execute("SET WRITE_DELAY 0");
        } catch (java.sql.SQLException e) {
            throw new StateStoreException("Could not make the state database write each commit at once", e);
        }
    }

    @Override
    protected void doStop() {
        if (pool != null) {
            pool.dispose();
            pool = null;
        }
    }
}
