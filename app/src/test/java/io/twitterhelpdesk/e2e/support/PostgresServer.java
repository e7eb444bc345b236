package io.twitterhelpdesk.e2e.support;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL server (the binaries come from Maven Central, io.zonky.test.postgres), listening on
 * 127.0.0.1 on a free port, with an empty database per {@link #newDatabase} call. As root it runs in a user
 * namespace (unshare -U), since PostgreSQL refuses to run as root.
 */
public final class PostgresServer implements AutoCloseable {

    public static final String USER = "postgres";
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private final EmbeddedPostgres postgres;

    private PostgresServer(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    public static PostgresServer start() throws Exception {
        try {
            return new PostgresServer(EmbeddedPostgres.builder().setPort(FreePorts.next())
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("max_connections", "200")
                    .setPGStartupWait(Duration.ofSeconds(60)).start());
        } catch (Exception e) {
            throw new IllegalStateException("PostgreSQL did not start (" + e.getMessage() + "). Run as root, it needs "
                    + "'unshare -U' (user namespaces) since PostgreSQL refuses root; or run the build as another user",
                    e);
        }
    }

    int port() {
        return postgres.getPort();
    }

    /** Creates an empty database; returns its JDBC URL (user {@link #USER}, no password). */
    public String newDatabase(String prefix) throws SQLException {
        String name = prefix + "_" + DATABASES.incrementAndGet();
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + name;
    }

    /** Creates a login role and an empty database it owns (what an operator prepares); returns the JDBC URL. */
    public String newDatabase(String name, String owner, String password) throws SQLException {
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE ROLE " + owner + " LOGIN PASSWORD '" + password + "'");
            s.execute("CREATE DATABASE " + name + " OWNER " + owner);
        }
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + name;
    }

    /** Closes every session of a database, as a restart of the server or a network cut would. */
    void dropConnections(String database) throws SQLException {
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + database + "'");
        }
    }

    @Override
    public void close() throws Exception {
        postgres.close();
    }
}
