package io.twitterhelpdesk.cluster;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import javax.sql.DataSource;

import io.twitterhelpdesk.conversation.TestDatabase;
import org.apache.camel.cluster.CamelClusterEventListener;
import org.apache.camel.cluster.CamelClusterView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

/**
 * Two connector instances on one state database (two services on one H2 database): one polls an account at a time,
 * and the other takes over when the leader stops or stops renewing. Short lease settings keep it fast; the
 * proportions are those of the defaults (15 s lease, 3 s renewal).
 */
class DatabaseLeaseClusterServiceTest {

    private static final String ACCOUNT = "pollers-acme_support";
    private static final Duration LEASE = Duration.ofMillis(1200);
    private static final Duration RENEW = Duration.ofMillis(200);
    private static final Duration SLACK = Duration.ofMillis(1000);

    private DataSource database;
    private final List<DatabaseLeaseClusterService> services = new ArrayList<>();

    @BeforeEach
    void setUp() {
        database = TestDatabase.migrated();
    }

    @AfterEach
    void tearDown() throws Exception {
        for (DatabaseLeaseClusterService service : services) {
            service.stop();
        }
        try (Connection c = database.getConnection(); PreparedStatement s = c.prepareStatement("SHUTDOWN")) {
            s.execute();
        }
    }

    @Test
    void twoInstancesAgreeOnOneLeaderThatStaysTheLeader() throws Exception {
        DatabaseLeaseClusterService a = instance("a", database);
        DatabaseLeaseClusterService b = instance("b", database);

        awaitWithin(RENEW.plus(SLACK), "one of the instances leads", () -> leads(a) || leads(b));
        DatabaseLeaseClusterService leader = leads(a) ? a : b;
        DatabaseLeaseClusterService other = leader == a ? b : a;

        assertNeverTwoLeadersFor(LEASE, a, b);
        assertThat(leads(leader)).as("the leader keeps its lease by renewing it").isTrue();
        assertThat(other.leader(ACCOUNT)).as("the other instance sees who polls").contains(leader.nodeId());
        assertThat(leader.leader(ACCOUNT)).contains(leader.nodeId());
    }

    @Test
    void theLeaderIsToldItLeadsSoItsPollersStart() throws Exception {
        DatabaseLeaseClusterService a = service("a", database);
        a.start();
        List<Boolean> events = new ArrayList<>();
        CamelClusterView view = a.getView(ACCOUNT);
        view.addEventListener((CamelClusterEventListener.Leadership) (v, leader) -> {
            synchronized (events) {
                events.add(leader != null && leader.isLocal());
            }
        });

        awaitWithin(RENEW.plus(SLACK), "the leadership event", () -> {
            synchronized (events) {
                return events.contains(true);
            }
        });
        assertThat(view.getLocalMember().isLeader()).isTrue();
    }

    @Test
    void aStoppedLeaderReleasesItsLeaseAndTheOtherTakesOverWithinARenewInterval() throws Exception {
        DatabaseLeaseClusterService a = instance("a", database);
        awaitWithin(RENEW.plus(SLACK), "a leads", () -> leads(a));
        DatabaseLeaseClusterService b = instance("b", database);
        awaitWithin(RENEW.plus(SLACK), "b sees a as the leader", () -> b.leader(ACCOUNT).equals(Optional.of("a")));

        a.stop();

        assertThat(holder()).as("a clean stop gives the lease up").contains("");
        assertThat(leads(a)).isFalse();
        long stopped = System.nanoTime();
        awaitWithin(RENEW.plus(SLACK), "b takes over", () -> leads(b));
        assertThat(Duration.ofNanos(System.nanoTime() - stopped))
                .as("a released lease is taken at the next look, not after the lease duration").isLessThan(LEASE);
    }

    @Test
    void aStoppedInstanceReleasesEveryLeaseItHeld() throws Exception {
        DatabaseLeaseClusterService a = instance("a", database);
        a.getView("pollers-globex");
        awaitWithin(RENEW.plus(SLACK), "a leads both accounts", () -> leads(a) && a.leaderSince("pollers-globex")
                .isPresent());

        a.stop();

        assertThat(holders()).containsOnly("");
        assertThat(instanceVersions()).as("the instance's row, deleted with the release").isEmpty();
    }

    @Test
    void aLeaderCutOffFromTheDatabaseStepsDownBeforeTheOtherTakesOverAfterTheLease() throws Exception {
        CuttableDataSource aDatabase = new CuttableDataSource(database);
        DatabaseLeaseClusterService a = instance("a", aDatabase);
        awaitWithin(RENEW.plus(SLACK), "a leads", () -> leads(a));
        DatabaseLeaseClusterService b = instance("b", database);
        awaitWithin(RENEW.plus(SLACK), "b sees a as the leader", () -> b.leader(ACCOUNT).equals(Optional.of("a")));

        aDatabase.cut();
        long cut = System.nanoTime();
        long deadline = cut + LEASE.plus(RENEW).plus(SLACK).toNanos();
        while (!leads(b)) {
            assertThat(leads(a) && leads(b)).as("two instances poll the account").isFalse();
            if (System.nanoTime() > deadline) {
                fail("b did not take over within lease + renew interval + " + SLACK.toMillis() + " ms");
            }
            Thread.sleep(10);
        }
        Duration takeOver = Duration.ofNanos(System.nanoTime() - cut);

        assertThat(leads(a)).as("a stepped down on its own").isFalse();
        assertThat(takeOver).as("b waits for the lease to run out").isGreaterThanOrEqualTo(LEASE.minus(RENEW));
        assertThat(holder()).hasValueSatisfying(h -> assertThat(h).startsWith("b#"));
        assertThat(instanceVersions()).as("the gone instance's row was deleted by the one that took over").hasSize(1);

        aDatabase.reconnect(); // a was only cut off: it renews again, finds its row gone and goes on under a new id
        assertNeverTwoLeadersFor(LEASE, a, b);
        assertThat(leads(b)).isTrue();
        assertThat(a.leader(ACCOUNT)).contains("b");
        assertThat(instanceVersions()).as("b's row and a's under its new id").hasSize(2);
    }

    @Test
    void aRestartedInstanceWithTheLeadersNameDoesNotMakeASecondLeader() throws Exception {
        CuttableDataSource crashedDatabase = new CuttableDataSource(database);
        DatabaseLeaseClusterService crashed = instance("a", crashedDatabase);
        awaitWithin(RENEW.plus(SLACK), "a leads", () -> leads(crashed));
        crashedDatabase.cut(); // the process is gone without releasing: its lease is still in the table

        DatabaseLeaseClusterService restarted = instance("a", database);
        DatabaseLeaseClusterService b = instance("b", database);

        assertNeverTwoLeadersFor(RENEW.multipliedBy(3), crashed, restarted, b);
        assertThat(leads(restarted)).as("the same name is not the same holder").isFalse();
        awaitWithin(LEASE.plus(RENEW).plus(SLACK), "the lease moves once it expired",
                () -> leads(restarted) || leads(b));
        assertNeverTwoLeadersFor(RENEW.multipliedBy(4), crashed, restarted, b);
    }

    @Test
    void aLeaderStoppedAndStartedAgainDoesNotTakeTheLeaseBackFromItsSuccessor() throws Exception {
        DatabaseLeaseClusterService a = instance("a", database);
        awaitWithin(RENEW.plus(SLACK), "a leads", () -> leads(a));
        DatabaseLeaseClusterService b = instance("b", database);
        a.stop();
        awaitWithin(RENEW.plus(SLACK), "b takes over", () -> leads(b));

        a.start();

        assertNeverTwoLeadersFor(LEASE, a, b);
        assertThat(leads(b)).isTrue();
        assertThat(a.leader(ACCOUNT)).contains("b");
    }

    @Test
    void aLeaseRenewedByAnInstanceOfThePreviousVersionIsTakenOnlyOnceItStopsRenewing() throws Exception {
        // an instance from before instance rows (a rolling upgrade) renews its lease row itself and has no row in
        // cluster_instance
        execute("INSERT INTO cluster_lease (namespace, holder, version, renewed_at) VALUES (?, 'old#1', 1,"
                + " CURRENT_TIMESTAMP)", ACCOUNT);
        java.util.concurrent.ScheduledExecutorService old = java.util.concurrent.Executors
                .newSingleThreadScheduledExecutor();
        old.scheduleWithFixedDelay(() -> {
            try {
                execute("UPDATE cluster_lease SET version = version + 1 WHERE holder = 'old#1'");
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }, 0, RENEW.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        try {
            DatabaseLeaseClusterService b = instance("b", database);

            assertNeverTwoLeadersFor(LEASE.multipliedBy(2), b); // samples for a while
            assertThat(leads(b)).as("the old instance still renews its lease").isFalse();
            assertThat(b.leader(ACCOUNT)).contains("old");

            old.shutdownNow();
            long stopped = System.nanoTime();
            awaitWithin(LEASE.plus(RENEW).plus(SLACK), "b takes over once the lease expired", () -> leads(b));
            assertThat(Duration.ofNanos(System.nanoTime() - stopped)).isGreaterThanOrEqualTo(LEASE.minus(RENEW));
        } finally {
            old.shutdownNow();
        }
    }

    @Test
    void theLargestAllowedRenewIntervalStillKeepsTheLeaderSteady() throws Exception {
        Duration lease = Duration.ofMillis(900);
        Duration renew = lease.dividedBy(4);
        DatabaseLeaseClusterService a = new DatabaseLeaseClusterService(database, "a", lease, renew,
                Clock.systemUTC());
        services.add(a);
        a.start();
        CamelClusterView view = a.getView(ACCOUNT);
        awaitWithin(renew.plus(SLACK), "a leads", () -> leads(a));
        List<Boolean> events = new ArrayList<>();
        view.addEventListener((CamelClusterEventListener.Leadership) (v, leader) -> {
            synchronized (events) {
                events.add(leader != null && leader.isLocal());
            }
        });

        assertNeverTwoLeadersFor(lease.multipliedBy(2), a); // samples for a while
        synchronized (events) {
            assertThat(events).as("the only instance is never told it lost the lead (its pollers would stop)")
                    .doesNotContain(false);
        }
    }

    @Test
    void aThousandAccountsAreLedWithOneWritePerRenewalAndNoThreadOfTheirOwn() throws Exception {
        // a longer lease than the other tests': a look at a thousand rows may take a while on a busy machine
        Duration lease = Duration.ofSeconds(6);
        Duration renew = Duration.ofSeconds(1);
        Duration wait = lease.multipliedBy(2);
        AtomicInteger writes = new AtomicInteger();
        DatabaseLeaseClusterService a = new DatabaseLeaseClusterService(countingWrites(database, writes), "a", lease,
                renew, Clock.systemUTC());
        services.add(a);
        int threadsBefore = Thread.activeCount();
        a.start();
        for (int i = 0; i < 1000; i++) {
            a.getView("pollers-account" + i);
        }
        awaitWithin(wait, "a leads every account",
                () -> java.util.stream.IntStream.range(0, 1000).allMatch(i -> a.leads("pollers-account" + i)));
        assertThat(Thread.activeCount() - threadsBefore).as("threads of the lease service").isLessThanOrEqualTo(2);

        int before = writes.get();
        List<Long> leaseVersions = leaseVersions();
        long instanceVersion = instanceVersions().get(0);
        Thread.sleep(renew.toMillis() * 5);
        int renewals = writes.get() - before;
        // at most one write per renewal (fewer when a look takes longer on a busy machine), never one per lease
        assertThat(renewals).as("writes in five renew intervals, for a thousand leases").isBetween(1, 6);
        assertThat(instanceVersions()).as("the instance's one row, renewed").singleElement()
                .satisfies(version -> assertThat(version).isGreaterThan(instanceVersion));
        assertThat(leaseVersions()).as("the thousand lease rows, not written by the renewals")
                .isEqualTo(leaseVersions);
        assertThat(java.util.stream.IntStream.range(0, 1000).allMatch(i -> a.leads("pollers-account" + i))).isTrue();

        DatabaseLeaseClusterService b = new DatabaseLeaseClusterService(database, "b", lease, renew,
                Clock.systemUTC());
        services.add(b);
        b.start();
        for (int i = 0; i < 1000; i++) {
            b.getView("pollers-account" + i);
        }
        a.stop();
        assertThat(holders()).as("one clean stop releases every lease (b may have taken some already)")
                .hasSize(1000).noneMatch(holder -> holder.startsWith("a#"));
        awaitWithin(wait, "b takes every account over",
                () -> java.util.stream.IntStream.range(0, 1000).allMatch(i -> b.leads("pollers-account" + i)));
    }

    /** The data source, counting the statements that write (executeUpdate, executeBatch). */
    private static DataSource countingWrites(DataSource target, AtomicInteger writes) {
        return (DataSource) java.lang.reflect.Proxy.newProxyInstance(DataSource.class.getClassLoader(),
                new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                    Object result = invoke(target, method, args);
                    if (!(result instanceof Connection connection)) {
                        return result;
                    }
                    return java.lang.reflect.Proxy.newProxyInstance(Connection.class.getClassLoader(),
                            new Class<?>[] {Connection.class}, (cp, cm, cargs) -> {
                                Object made = invoke(connection, cm, cargs);
                                if (!(made instanceof PreparedStatement statement)) {
                                    return made;
                                }
                                return java.lang.reflect.Proxy.newProxyInstance(
                                        PreparedStatement.class.getClassLoader(),
                                        new Class<?>[] {PreparedStatement.class}, (sp, sm, sargs) -> {
                                            if (sm.getName().equals("executeUpdate")
                                                    || sm.getName().equals("executeBatch")) {
                                                writes.incrementAndGet();
                                            }
                                            return invoke(statement, sm, sargs);
                                        });
                            });
                });
    }

    private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause();
        }
    }

    @Test
    void aRenewIntervalTooLongForTheLeaseIsRefusedNamingBothKeys() {
        assertThatThrownBy(() -> new DatabaseLeaseClusterService(database, "a", Duration.ofSeconds(15),
                Duration.ofSeconds(5), Clock.systemUTC()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cluster.renew-interval (PT5S) must be positive and at most a quarter of "
                        + "cluster.lease-duration (PT15S)");
    }

    private DatabaseLeaseClusterService service(String node, DataSource dataSource) {
        DatabaseLeaseClusterService service = new DatabaseLeaseClusterService(dataSource, node, LEASE, RENEW,
                Clock.systemUTC());
        services.add(service);
        return service;
    }

    /** A started instance that wants to poll {@link #ACCOUNT} (as a master: consumer does). */
    private DatabaseLeaseClusterService instance(String node, DataSource dataSource) throws Exception {
        DatabaseLeaseClusterService service = service(node, dataSource);
        service.start();
        service.getView(ACCOUNT);
        return service;
    }

    private static boolean leads(DatabaseLeaseClusterService service) {
        return service.leaderSince(ACCOUNT).isPresent();
    }

    private static void awaitWithin(Duration timeout, String what, BooleanSupplier condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("Not within " + timeout.toMillis() + " ms: " + what);
            }
            Thread.sleep(10);
        }
    }

    private static void assertNeverTwoLeadersFor(Duration period, DatabaseLeaseClusterService... instances)
            throws InterruptedException {
        long end = System.nanoTime() + period.toNanos();
        while (System.nanoTime() < end) {
            long leaders = java.util.Arrays.stream(instances).filter(DatabaseLeaseClusterServiceTest::leads).count();
            assertThat(leaders).as("instances leading " + ACCOUNT + " at once").isLessThanOrEqualTo(1);
            Thread.sleep(10);
        }
    }

    private Optional<String> holder() throws SQLException {
        try (Connection c = database.getConnection();
             PreparedStatement q = c.prepareStatement("SELECT holder FROM cluster_lease WHERE namespace = ?")) {
            q.setString(1, ACCOUNT);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    private void execute(String sql, Object... args) throws SQLException {
        try (Connection c = database.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            s.executeUpdate();
        }
    }

    private List<Long> leaseVersions() throws SQLException {
        return longs("SELECT version FROM cluster_lease ORDER BY namespace");
    }

    private List<Long> instanceVersions() throws SQLException {
        return longs("SELECT version FROM cluster_instance");
    }

    private List<Long> longs(String sql) throws SQLException {
        List<Long> values = new ArrayList<>();
        try (Connection c = database.getConnection(); PreparedStatement q = c.prepareStatement(sql);
             ResultSet rs = q.executeQuery()) {
            while (rs.next()) {
                values.add(rs.getLong(1));
            }
        }
        return values;
    }

    private List<String> holders() throws SQLException {
        List<String> holders = new ArrayList<>();
        try (Connection c = database.getConnection();
             PreparedStatement q = c.prepareStatement("SELECT holder FROM cluster_lease");
             ResultSet rs = q.executeQuery()) {
            while (rs.next()) {
                holders.add(rs.getString(1));
            }
        }
        return holders;
    }
}
