package io.twitterhelpdesk.cluster;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import javax.sql.DataSource;

import org.apache.camel.cluster.CamelClusterMember;
import org.apache.camel.support.cluster.AbstractCamelClusterService;
import org.apache.camel.support.cluster.AbstractCamelClusterView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Camel cluster service on the state database, so that {@code master:} routes (the pollers) run on one instance at
 * a time wherever the instances share {@code state.url}, with nothing else to install.
 *
 * <p>One row per namespace in table {@code cluster_lease}: the holder and a version. The holder renews the lease by
 * bumping the version every {@code renewInterval} (compare-and-set on the version). Another instance takes the lease
 * over when it has seen the same version for a whole {@code leaseDuration} by its own monotonic clock (no clock
 * comparison between hosts), or at once when the holder released it on a clean stop. A holder that could not renew for
 * {@code leaseDuration - 2 * renewInterval} steps down on its own before anyone may take over. So after a crash the
 * pollers move within about {@code leaseDuration + renewInterval}; after a clean stop within {@code renewInterval}.
 *
 * <p>The lease guarantees at most one poller at a time as long as the instances' clocks run at the same rate; the
 * pipeline does not depend on it for correctness (delivered ids in the state store and the broker's duplicate
 * detection drop a message fetched by two instances), it saves rate limit and double work.
 */
public final class DatabaseLeaseClusterService
        extends AbstractCamelClusterService<DatabaseLeaseClusterService.LeaseView> {

    private static final Logger LOG = LoggerFactory.getLogger(DatabaseLeaseClusterService.class);

    private final DataSource dataSource;
    private final String nodeId;
    private final String holderId;
    private final long leaseNanos;
    private final long renewNanos;
    private final long renewDeadlineNanos;
    private final Clock clock;
    private final Map<String, LeaseView> views = new ConcurrentHashMap<>();
    private ScheduledExecutorService scheduler;
    private ExecutorService events;

    /**
     * @param nodeId        this instance's name in logs and in the lease table (a random suffix per start is added:
     *                      two processes given the same name never share a lease)
     * @param leaseDuration how long an unrenewed lease stays valid
     * @param renewInterval how often the holder renews (and the others look); at most a quarter of the lease, so
     *                      that the holder's own deadline ({@code leaseDuration - 2 * renewInterval}) stays at least
     *                      two renewals long: with a third, the deadline equals the renew interval and the only
     *                      instance steps down and takes over again at every renewal
     */
    public DatabaseLeaseClusterService(DataSource dataSource, String nodeId, Duration leaseDuration,
            Duration renewInterval, Clock clock) {
        super("database-lease");
        if (renewInterval.isNegative() || renewInterval.isZero()
                || renewInterval.multipliedBy(4).compareTo(leaseDuration) > 0) {
            throw new IllegalArgumentException("cluster.renew-interval (" + renewInterval
                    + ") must be positive and at most a quarter of cluster.lease-duration (" + leaseDuration + ")");
        }
        this.dataSource = dataSource;
        this.nodeId = nodeId;
        this.holderId = nodeId + "#" + UUID.randomUUID().toString().substring(0, 8);
        this.leaseNanos = leaseDuration.toNanos();
        this.renewNanos = renewInterval.toNanos();
        this.renewDeadlineNanos = leaseNanos - 2 * renewNanos;
        this.clock = clock;
    }

    /** This instance's name. */
    public String nodeId() {
        return nodeId;
    }

    /** Since when this instance leads the namespace, empty when it does not. */
    public Optional<Instant> leaderSince(String namespace) {
        LeaseView view = views.get(namespace);
        return view == null || !view.isRunAllowed() ? Optional.empty() : view.leaderSince();
    }

    /** The holder of the namespace's lease as this instance last saw it (a node id), empty when none. */
    public Optional<String> leader(String namespace) {
        LeaseView view = views.get(namespace);
        return view == null || !view.isRunAllowed() ? Optional.empty()
                : view.getLeader().map(CamelClusterMember::getId);
    }

    @Override
    protected void doStart() throws Exception {
        scheduler = Executors.newScheduledThreadPool(2, threads("cluster-lease"));
        events = Executors.newSingleThreadExecutor(threads("cluster-leadership"));
        LOG.info("Cluster member {}: leases in the state database (lease {} ms, renewed every {} ms)", nodeId,
                TimeUnit.NANOSECONDS.toMillis(leaseNanos), TimeUnit.NANOSECONDS.toMillis(renewNanos));
        super.doStart();
    }

    @Override
    protected void doStop() throws Exception {
        super.doStop();
        if (scheduler != null) {
            // lets the views' releases (queued by their stop) finish
            scheduler.shutdown();
            if (!scheduler.awaitTermination(10, TimeUnit.SECONDS)) {
                scheduler.shutdownNow();
            }
            events.shutdown();
            events.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    @Override
    protected LeaseView createView(String namespace) {
        return views.computeIfAbsent(namespace, LeaseView::new);
    }

    private static ThreadFactory threads(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    private static String nodeOf(String holder) {
        int hash = holder.lastIndexOf('#');
        return hash > 0 ? holder.substring(0, hash) : holder;
    }

    /** One namespace's lease, looked after on the scheduler's threads; leadership events on their own thread. */
    final class LeaseView extends AbstractCamelClusterView {

        private final Member local = new Member(nodeId, true, this::isLeader);
        private volatile boolean leader;
        private volatile long renewedAtNanos;
        private volatile Instant leaderSince;
        private volatile String seenHolder = "";
        private volatile long seenVersion = -1;
        private volatile long seenAtNanos;
        private volatile boolean failing;
        private ScheduledFuture<?> ticks;
        private ScheduledFuture<?> watchdog;

        LeaseView(String namespace) {
            super(DatabaseLeaseClusterService.this, namespace);
        }

        Optional<Instant> leaderSince() {
            return leader ? Optional.ofNullable(leaderSince) : Optional.empty();
        }

        @Override
        public Optional<CamelClusterMember> getLeader() {
            if (isLeader()) {
                return Optional.of(local);
            }
            String holder = seenHolder;
            if (holder.isEmpty() || holder.equals(holderId)) {
                return Optional.empty();
            }
            return Optional.of(new Member(nodeOf(holder), false, () -> true));
        }

        @Override
        public CamelClusterMember getLocalMember() {
            return local;
        }

        @Override
        public List<CamelClusterMember> getMembers() {
            List<CamelClusterMember> members = new ArrayList<>();
            members.add(local);
            getLeader().filter(m -> !m.isLocal()).ifPresent(members::add);
            return members;
        }

        boolean isLeader() {
            return leader && System.nanoTime() - renewedAtNanos < renewDeadlineNanos;
        }

        @Override
        protected void doStart() {
            seenAtNanos = System.nanoTime();
            ticks = scheduler.scheduleWithFixedDelay(this::tick, 0, renewNanos, TimeUnit.NANOSECONDS);
            watchdog = scheduler.scheduleWithFixedDelay(this::checkDeadline, renewNanos, renewNanos / 2,
                    TimeUnit.NANOSECONDS);
        }

        /**
         * Stops looking after the lease; if this instance holds it, gives it up in the background (the view's last
         * user, a master: consumer, is stopping its route and should not wait for the database).
         */
        @Override
        protected void doStop() {
            if (ticks != null) {
                ticks.cancel(false);
                watchdog.cancel(false);
            }
            if (leader && !scheduler.isShutdown()) {
                scheduler.execute(this::release);
            }
        }

        /** Reads the lease and renews, takes over or waits; never throws (a failure is one WARN line). */
        private void tick() {
            long start = System.nanoTime();
            try (Connection c = dataSource.getConnection()) {
                Lease lease = read(c);
                if (lease == null) {
                    if (insert(c)) {
                        acquired(start, "no one held it");
                    }
                } else if (lease.holder().equals(holderId)) {
                    if (compareAndSet(c, lease.version(), holderId)) {
                        if (!leader) {
                            acquired(start, "it was this instance's");
                        }
                        renewedAtNanos = start;
                    } else {
                        lost("another instance took the lease over");
                    }
                } else {
                    if (leader) {
                        lost("instance " + nodeOf(lease.holder()) + " holds the lease");
                    }
                    if (!lease.holder().equals(seenHolder) || lease.version() != seenVersion) {
                        seenHolder = lease.holder();
                        seenVersion = lease.version();
                        seenAtNanos = start;
                    }
                    boolean released = lease.holder().isEmpty();
                    if ((released || start - seenAtNanos >= leaseNanos)
                            && compareAndSet(c, lease.version(), holderId)) {
                        acquired(start, released ? "the last holder released it"
                                : "instance " + nodeOf(lease.holder()) + " stopped renewing it");
                    }
                }
                if (failing) {
                    failing = false;
                    LOG.info("Lease of {} readable again", getNamespace());
                }
            } catch (SQLException | RuntimeException e) {
                if (!failing) {
                    failing = true;
                    LOG.warn("Lease of {} cannot be read or renewed ({}); retrying every {} ms", getNamespace(),
                            e.getMessage(), TimeUnit.NANOSECONDS.toMillis(renewNanos));
                }
            }
            checkDeadline();
        }

        private void checkDeadline() {
            if (leader && System.nanoTime() - renewedAtNanos >= renewDeadlineNanos) {
                lost("its lease could not be renewed for "
                        + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - renewedAtNanos) + " ms");
            }
        }

        private synchronized void acquired(long atNanos, String why) {
            renewedAtNanos = atNanos;
            seenHolder = holderId;
            if (!leader) {
                leader = true;
                leaderSince = clock.instant();
                LOG.info("This instance ({}) now leads {}: {}", nodeId, getNamespace(), why);
                events.execute(() -> fireLeadershipChangedEvent(local));
            }
        }

        private synchronized void lost(String why) {
            if (leader) {
                leader = false;
                leaderSince = null;
                LOG.info("This instance ({}) no longer leads {}: {}", nodeId, getNamespace(), why);
                events.execute(() -> fireLeadershipChangedEvent(getLeader().orElse(null)));
            }
        }

        /** On a clean stop: gives the lease up so another instance takes over at its next look. */
        private void release() {
            lost("stopping");
            try (Connection c = dataSource.getConnection();
                 PreparedStatement update = c.prepareStatement("UPDATE cluster_lease SET holder = '',"
                         + " version = version + 1, renewed_at = ? WHERE namespace = ? AND holder = ?")) {
                update.setTimestamp(1, Timestamp.from(clock.instant()));
                update.setString(2, getNamespace());
                update.setString(3, holderId);
                update.executeUpdate();
            } catch (SQLException e) {
                LOG.warn("Could not release the lease of {} ({}): another instance takes over when it expires",
                        getNamespace(), e.getMessage());
            }
        }

        private Lease read(Connection c) throws SQLException {
            try (PreparedStatement q = c.prepareStatement(
                    "SELECT holder, version FROM cluster_lease WHERE namespace = ?")) {
                q.setString(1, getNamespace());
                try (ResultSet rs = q.executeQuery()) {
                    return rs.next() ? new Lease(rs.getString(1), rs.getLong(2)) : null;
                }
            }
        }

        private boolean insert(Connection c) throws SQLException {
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO cluster_lease (namespace, holder, version, renewed_at) VALUES (?, ?, 1, ?)")) {
                insert.setString(1, getNamespace());
                insert.setString(2, holderId);
                insert.setTimestamp(3, Timestamp.from(clock.instant()));
                return insert.executeUpdate() == 1;
            } catch (SQLException e) {
                if ("23505".equals(e.getSQLState())) {
                    return false; // another instance inserted it first
                }
                throw e;
            }
        }

        private boolean compareAndSet(Connection c, long version, String holder) throws SQLException {
            try (PreparedStatement update = c.prepareStatement("UPDATE cluster_lease SET holder = ?,"
                    + " version = version + 1, renewed_at = ? WHERE namespace = ? AND version = ?")) {
                update.setString(1, holder);
                update.setTimestamp(2, Timestamp.from(clock.instant()));
                update.setString(3, getNamespace());
                update.setLong(4, version);
                return update.executeUpdate() == 1;
            }
        }
    }

    private record Lease(String holder, long version) {
    }

    private static final class Member implements CamelClusterMember {

        private final String id;
        private final boolean local;
        private final BooleanSupplier leader;

        Member(String id, boolean local, BooleanSupplier leader) {
            this.id = id;
            this.local = local;
            this.leader = leader;
        }

        @Override
        public String getId() {
            return id;
        }

        @Override
        public boolean isLeader() {
            return leader.getAsBoolean();
        }

        @Override
        public boolean isLocal() {
            return local;
        }

        @Override
        public String toString() {
            return id + (local ? " (this instance)" : "");
        }
    }
}
