package io.twitterhelpdesk.state;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.apache.camel.support.service.ServiceSupport;
import org.flywaydb.core.Flyway;

/**
 * The state database: a pool of connections to the configured JDBC URL (an H2 file by default, PostgreSQL when
 * several instances share the state), with its schema brought up to date by Flyway (migrations in
 * {@code db/migration}, plain SQL both databases run) before anything reads it.
 */
public final class StateDatabase extends ServiceSupport {

    /** How long a caller waits for a connection when the database is unreachable, before the call fails. */
    private static final long CONNECTION_TIMEOUT_MILLIS = 5_000;

    private final String url;
    private final String user;
    private final String password;
    private final int maxConnections;
    private HikariDataSource pool;

    public StateDatabase(String url, String user, String password) {
        this(url, user, password, 16);
    }

    public StateDatabase(String url, String user, String password, int maxConnections) {
        if (!url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("state.url must be an H2 (jdbc:h2:...) or PostgreSQL "
                    + "(jdbc:postgresql://host:port/database) JDBC URL, not " + url);
        }
        if (maxConnections < 2) {
            throw new IllegalArgumentException("state.pool.max-connections must be at least 2, not " + maxConnections);
        }
        this.url = url;
        this.user = user;
        this.password = password;
        this.maxConnections = maxConnections;
    }

    public DataSource dataSource() {
        if (pool == null) {
            throw new IllegalStateException("The state database is not started");
        }
        return pool;
    }

    /** "H2" or "PostgreSQL". */
    public String product() {
        return url.startsWith("jdbc:h2:") ? "H2" : "PostgreSQL";
    }

    @Override
    protected void doStart() {
        HikariConfig config = new HikariConfig();
        config.setPoolName("state");
        config.setJdbcUrl(statementsCached(closedOnStop(url)));
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(maxConnections);
        config.setMinimumIdle(Math.min(2, maxConnections));
        config.setConnectionTimeout(CONNECTION_TIMEOUT_MILLIS);
        pool = new HikariDataSource(config);
        Flyway.configure().dataSource(pool).locations("classpath:db/migration").load().migrate();
        flushEveryCommit();
    }

    /**
     * H2 closes its database from its own JVM shutdown hook by default, while the context is still stopping: what
     * runs last (the cluster service releasing its leases) then found the database closed. Here the pool, stopped
     * after every user of the database, closes it. Committed data does not depend on it (each commit is written).
     */
    static String closedOnStop(String url) {
        return withSetting(url, "DB_CLOSE_ON_EXIT", "FALSE");
    }

    /**
     * H2 keeps the parsed form of a session's last 8 statements by default; a batch of the intake runs more different
     * ones on its connection (placements, delivered ids, threads, activity), and parsed them again each time: 9 % of
     * the intake's CPU in a profile of the bench's webhook ingest.
     */
    static String statementsCached(String url) {
        return withSetting(url, "QUERY_CACHE_SIZE", "64");
    }

    /** The H2 URL with the setting, unless it names it already; other URLs as they are. */
    private static String withSetting(String url, String setting, String value) {
        return url.startsWith("jdbc:h2:") && !url.toUpperCase(java.util.Locale.ROOT).contains(setting)
                ? url + ";" + setting + "=" + value : url;
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
            pool.close();
            pool = null;
        }
    }
}
