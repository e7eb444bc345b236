package io.twitterhelpdesk.e2e.cluster;

import java.time.Clock;
import java.time.Duration;

import javax.sql.DataSource;

import io.twitterhelpdesk.cluster.CuttableDataSource;
import io.twitterhelpdesk.cluster.DatabaseLeaseClusterService;
import io.twitterhelpdesk.state.StateDatabase;
import io.twitterhelpdesk.e2e.support.PostgresServer;
import org.apache.camel.cluster.CamelClusterView;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The database lease cluster service on a real PostgreSQL: one leader per namespace among instances sharing the
 * state database; a clean stop hands over at once; a leader cut off from the database steps down before another
 * instance takes over, so two instances never lead at once.
 */
class ClusterLeaseTest {

    private static final String NAMESPACE = "pollers-acme_support";
    private static final Duration LEASE = Duration.ofMillis(1500);
    private static final Duration RENEW = Duration.ofMillis(300);
    private static final Duration WAIT = Duration.ofSeconds(15);

    private static PostgresServer postgres;
    private StateDatabase database;
    private DatabaseLeaseClusterService first;
    private DatabaseLeaseClusterService second;

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = PostgresServer.start();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        postgres.close();
    }

    @BeforeEach
    void migrate() throws Exception {
        database = new StateDatabase(postgres.newDatabase("lease"), PostgresServer.USER, "");
        database.start();
    }

    @AfterEach
    void stop() {
        for (DatabaseLeaseClusterService s : new DatabaseLeaseClusterService[] {first, second}) {
            if (s != null) {
                s.stop();
            }
        }
        database.stop();
    }

    @Test
    void oneOfTwoInstancesLeadsAndACleanStopHandsOverAtOnce() throws Exception {
        first = service("first", database.dataSource());
        second = service("second", database.dataSource());
        CamelClusterView a = first.getView(NAMESPACE);
        CamelClusterView b = second.getView(NAMESPACE);

        await(() -> a.getLocalMember().isLeader() || b.getLocalMember().isLeader());
        Thread.sleep(LEASE.toMillis() * 2);
        assertThat(a.getLocalMember().isLeader() ^ b.getLocalMember().isLeader()).as("exactly one leads").isTrue();
        DatabaseLeaseClusterService leader = a.getLocalMember().isLeader() ? first : second;
        CamelClusterView other = leader == first ? b : a;
        assertThat(other.getLeader()).hasValueSatisfying(m -> assertThat(m.getId()).isEqualTo(leader.nodeId()));

        long stopped = System.nanoTime();
        leader.stop();
        await(() -> other.getLocalMember().isLeader());
        assertThat(Duration.ofNanos(System.nanoTime() - stopped)).as("released, not expired")
                .isLessThan(LEASE);
    }

    @Test
    void aLeaderCutOffFromTheDatabaseStepsDownBeforeAnotherTakesOver() throws Exception {
        CuttableDataSource cuttable = new CuttableDataSource(database.dataSource());
        first = service("first", cuttable);
        CamelClusterView a = first.getView(NAMESPACE);
        await(() -> a.getLocalMember().isLeader());
        second = service("second", database.dataSource());
        CamelClusterView b = second.getView(NAMESPACE);
        Thread.sleep(LEASE.toMillis());
        assertThat(b.getLocalMember().isLeader()).isFalse();

        cuttable.cut();
        long cut = System.nanoTime();
        boolean overlap = false;
        long until = System.nanoTime() + WAIT.toNanos();
        while (!b.getLocalMember().isLeader() && System.nanoTime() < until) {
            overlap |= a.getLocalMember().isLeader() && b.getLocalMember().isLeader();
            Thread.sleep(10);
        }

        assertThat(overlap).as("both led at once").isFalse();
        assertThat(b.getLocalMember().isLeader()).isTrue();
        assertThat(a.getLocalMember().isLeader()).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - cut)).isGreaterThanOrEqualTo(LEASE.minus(RENEW.multipliedBy(2)))
                .isLessThan(LEASE.plus(RENEW.multipliedBy(3)));

        cuttable.reconnect();
        Thread.sleep(LEASE.toMillis());
        assertThat(a.getLocalMember().isLeader()).as("back, but the lease is taken").isFalse();
        assertThat(b.getLocalMember().isLeader()).isTrue();
    }

    private static DatabaseLeaseClusterService service(String node, DataSource dataSource) {
        DatabaseLeaseClusterService service = new DatabaseLeaseClusterService(dataSource, node, LEASE, RENEW,
                Clock.systemUTC());
        service.setCamelContext(new DefaultCamelContext());
        service.start();
        return service;
    }

    private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long until = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < until) {
            Thread.sleep(20);
        }
        assertThat(condition.getAsBoolean()).isTrue();
    }
}
