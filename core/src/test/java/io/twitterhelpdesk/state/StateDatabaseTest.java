package io.twitterhelpdesk.state;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StateDatabaseTest {

    @TempDir
    Path dir;

    private final List<StateDatabase> started = new ArrayList<>();

    @AfterEach
    void stopAll() {
        started.forEach(StateDatabase::stop);
    }

    @Test
    void aFreshDatabaseIsMigratedToTheLatestScriptAtStart() throws Exception {
        StateDatabase database = start(fileUrl());

        Flyway flyway = Flyway.configure().dataSource(database.dataSource()).locations("classpath:db/migration")
                .load();
        assertThat(flyway.info().pending()).isEmpty();
        assertThat(flyway.info().current().getVersion().getVersion()).isEqualTo(latestShippedScript());
        assertThat(flyway.info().applied()).allSatisfy(m -> assertThat(m.getState().isFailed()).isFalse());
        assertThat(tables(database)).contains("POLL_CURSOR", "TWEET_THREAD", "CAMEL_MESSAGEPROCESSED",
                "CLUSTER_LEASE");
    }

    @Test
    void startingAgainOnAMigratedDatabaseChangesNothingAndKeepsTheState() throws SQLException {
        String url = fileUrl();
        StateDatabase first = start(url);
        new StateStore(first.dataSource(), java.time.Clock.systemUTC()).advanceCursor("acme_support", "dm", 42);
        List<String> historyBefore = history(first);
        first.stop();

        StateDatabase again = start(url);

        assertThat(history(again)).isEqualTo(historyBefore);
        assertThat(new StateStore(again.dataSource(), java.time.Clock.systemUTC()).cursor("acme_support", "dm"))
                .hasValue(42);
    }

    @Test
    void aStoppedDatabaseHandsOutNoConnections() {
        StateDatabase database = start("jdbc:h2:mem:state-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        database.stop();

        assertThatThrownBy(database::dataSource).hasMessage("The state database is not started");
    }

    @Test
    void onlyH2AndPostgresqlUrlsAreAccepted() {
        assertThatThrownBy(() -> new StateDatabase("jdbc:mysql://db/state", "u", "p"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("state.url").hasMessageContaining("jdbc:mysql://db/state");
        assertThatThrownBy(() -> new StateDatabase("jdbc:h2:mem:x", "sa", "", 1))
                .hasMessageContaining("state.pool.max-connections must be at least 2");
        assertThat(new StateDatabase("jdbc:postgresql://db:5432/state", "u", "p").product()).isEqualTo("PostgreSQL");
        assertThat(new StateDatabase("jdbc:h2:mem:x", "sa", "").product()).isEqualTo("H2");
    }

    /** The highest {@code V<n>__} among the scripts shipped in {@code db/migration}. */
    private static String latestShippedScript() throws Exception {
        try (var scripts = Files.list(Path.of(StateDatabase.class.getResource("/db/migration").toURI()))) {
            return scripts.map(p -> p.getFileName().toString()).filter(n -> n.matches("V\\d+__.*\\.sql"))
                    .map(n -> Integer.parseInt(n.substring(1, n.indexOf("__")))).max(Integer::compare)
                    .map(String::valueOf).orElseThrow();
        }
    }

    private String fileUrl() {
        return "jdbc:h2:file:" + dir.resolve("state").toAbsolutePath();
    }

    private StateDatabase start(String url) {
        StateDatabase database = new StateDatabase(url, "sa", "");
        started.add(database);
        database.start();
        return database;
    }

    private static List<String> tables(StateDatabase database) throws SQLException {
        return column(database, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'PUBLIC'");
    }

    private static List<String> history(StateDatabase database) throws SQLException {
        return column(database, "SELECT \"installed_rank\" || ' ' || \"version\" || ' ' || \"checksum\" || ' '"
                + " || \"installed_on\" FROM \"flyway_schema_history\" ORDER BY \"installed_rank\"");
    }

    private static List<String> column(StateDatabase database, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection c = database.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }
}
