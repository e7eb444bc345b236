package io.twitterhelpdesk.conversation;

import java.util.UUID;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcConnectionPool;

/** A fresh in-memory H2 database per call, migrated with the application's Flyway scripts. */
public final class TestDatabase {

    private TestDatabase() {
    }

    public static DataSource migrated() {
        JdbcConnectionPool pool = JdbcConnectionPool.create(
                "jdbc:h2:mem:conversation-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
        pool.setMaxConnections(32);
        Flyway.configure().dataSource(pool).locations("classpath:db/migration").load().migrate();
        return pool;
    }
}
