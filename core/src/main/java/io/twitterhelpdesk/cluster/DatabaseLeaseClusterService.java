package io.twitterhelpdesk.cluster;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import javax.sql.DataSource;

import org.apache.camel.cluster.CamelClusterMember;
import org.apache.camel.support.cluster.AbstractCamelClusterService;
import org.apache.camel.support.cluster.AbstractCamelClusterView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Camel cluster service on the state database, so that each account's pollers (and the {@code master:} routes of the
 * X Activity API) run on one instance at a time wherever the instances share {@code state.url}, with nothing else to
 * install.
 *
 * <p>Two tables. {@code cluster_instance} has one row per running instance: its holder id (unique per process start)
 * and a version. {@code cluster_lease} has one row per namespace: the holder id of the instance that holds it ({@code ''}
 * when released) and a version that moves when the lease changes hands. A lease is valid while its holder's instance
 * row is there. Every {@code renewInterval} the instance looks after all its namespaces at once, on one thread,
 * whatever their number:
 * <ol>
 * <li>it renews its own instance row, {@code UPDATE cluster_instance SET version = version + 1 WHERE holder = ?}: one
 *     row written, however many leases it holds. A row that still names it in {@code cluster_lease} is then its lease,
 *     renewed as of the moment the update was sent (another instance takes a lease only once the holder's instance row
 *     is deleted, and the update found it there). When the update finds no row, another instance declared this one
 *     gone: every lease it led is lost, and it goes on under a new holder id (a deleted id never comes back, so a
 *     lease naming it can be taken without a race);</li>
 * <li>it reads the leases, then the instance rows (in that order: an instance's row is written before any lease names
 *     it, so a lease naming an id missing from the later read names a deleted instance);</li>
 * <li>it deletes (compare-and-set on the version) the instance rows whose version it has seen unchanged for a whole
 *     {@code leaseDuration} by its own monotonic clock (no clock comparison between hosts): this fences the gone
 *     instance, whose next renewal finds no row;</li>
 * <li>it inserts the rows of new namespaces and takes over (compare-and-set on the lease's version, one batch) the
 *     leases that were released or name a deleted instance. A lease naming an id with no instance row that this look
 *     did not delete is taken once its version has not moved for a whole lease by this instance's clock: its holder
 *     is gone (another instance deleted its row) or runs a version from before instance rows, which renews the lease
 *     row itself (a rolling upgrade; such an instance may in turn take a lease of this version's, unchanged, and
 *     this instance gives it up at its next look: both may poll that account for up to a renew interval).</li>
 * </ol>
 * A holder that could not renew for {@code leaseDuration - 2 * renewInterval} steps down on its own before anyone may
 * take over. So after a crash the leases move within about {@code leaseDuration + renewInterval}; after a clean stop,
 * which releases every lease the instance holds and deletes its row in one transaction before the state database
 * closes, at the others' next look (within {@code renewInterval}). Idle, an instance writes one row per renewal, not
 * one per account.
 *
 * <p>The lease guarantees at most one poller at a time as long as the instances' clocks run at the same rate; the
 * pipeline does not depend on it for correctness (delivered ids in the state store and the broker's duplicate
 * detection drop a message fetched by two instances), it saves rate limit and double work.
 *
 * <p>Threads: one for the leases, one that tells listeners (a {@code master:} consumer) about leadership changes;
 * namespaces cost no thread and no task of their own.
 */
public final class DatabaseLeaseClusterService
        extends AbstractCamelClusterService<DatabaseLeaseClusterService.LeaseView> {

    private static final Logger LOG = LoggerFactory.getLogger(DatabaseLeaseClusterService.class);

    private final DataSource dataSource;
    private final String nodeId;
    private volatile String holderId;
    /** Whether this instance's row is in {@code cluster_instance} under {@link #holderId}. */
    private boolean registered;
    /** The other instances' rows as this instance's looks saw them: since when each version stayed the same. */
    private final Map<String, Seen> instances = new HashMap<>();
    private final long leaseNanos;
    private final long renewNanos;
    private final long renewDeadlineNanos;
    private final Clock clock;
    private final Map<String, LeaseView> views = new ConcurrentHashMap<>();
    private final AtomicBoolean lookRequested = new AtomicBoolean();
    private ScheduledExecutorService scheduler;
    private ExecutorService events;
    private volatile boolean failing;
    private volatile boolean stopping;

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
        this.holderId = newHolderId();
        this.leaseNanos = leaseDuration.toNanos();
        this.renewNanos = renewInterval.toNanos();
        this.renewDeadlineNanos = leaseNanos - 2 * renewNanos;
        this.clock = clock;
    }

    private String newHolderId() {
        return nodeId + "#" + UUID.randomUUID().toString().substring(0, 8);
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

    /** Whether this instance leads the namespace now (false for a namespace it does not look after). */
    public boolean leads(String namespace) {
        LeaseView view = views.get(namespace);
        return view != null && view.isRunAllowed() && view.isLeader();
    }

    /** The holder of the namespace's lease as this instance last saw it (a node id), empty when none. */
    public Optional<String> leader(String namespace) {
        LeaseView view = views.get(namespace);
        return view == null || !view.isRunAllowed() ? Optional.empty()
                : view.getLeader().map(CamelClusterMember::getId);
    }

    @Override
    protected void doStart() throws Exception {
        stopping = false;
        lookRequested.set(false);
        // a fresh id per start: the last one's row may have been deleted by another instance, and must stay so
        holderId = newHolderId();
        registered = false;
        instances.clear();
        scheduler = Executors.newSingleThreadScheduledExecutor(threads("cluster-lease"));
        events = Executors.newSingleThreadExecutor(threads("cluster-leadership"));
        LOG.info("Cluster member {}: leases in the state database (lease {} ms, renewed every {} ms)", nodeId,
                TimeUnit.NANOSECONDS.toMillis(leaseNanos), TimeUnit.NANOSECONDS.toMillis(renewNanos));
        super.doStart();
        scheduler.scheduleWithFixedDelay(this::look, 0, renewNanos, TimeUnit.NANOSECONDS);
        scheduler.scheduleWithFixedDelay(this::checkDeadlines, renewNanos, renewNanos / 2, TimeUnit.NANOSECONDS);
    }

    /**
     * Gives up every lease this instance holds with one statement, on the calling thread (so before the state
     * database, started earlier, is stopped), then stops looking.
     */
    @Override
    protected void doStop() throws Exception {
        stopping = true;
        if (scheduler != null) {
            try {
                // the look in progress, if any, ends first: nothing renews or takes a lease after the release
                scheduler.submit(this::releaseAll).get(10, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException
                    | java.util.concurrent.RejectedExecutionException e) {
                LOG.info("Leases not released on stop ({}): another instance takes over when they expire",
                        e.getMessage());
            }
        }
        super.doStop();
        if (scheduler != null) {
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

    /** A look soon (a view just started), once however many views start together. */
    private void lookSoon() {
        ScheduledExecutorService s = scheduler;
        if (s != null && !s.isShutdown() && lookRequested.compareAndSet(false, true)) {
            try {
                s.execute(this::look);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                lookRequested.set(false);
            }
        }
    }

    /** Renews, reads, takes over: every namespace at once; never throws (a failure is one WARN line). */
    private void look() {
        lookRequested.set(false);
        List<LeaseView> active = views.values().stream().filter(LeaseView::isRunAllowed).toList();
        if (active.isEmpty() || stopping) {
            return;
        }
        long start = System.nanoTime();
        Changes changes = new Changes();
        try (Connection c = dataSource.getConnection()) {
            renew(c, changes);
            Map<String, Lease> leases = readLeases(c);
            Map<String, Long> rows = readInstances(c);
            Set<String> deleted = expire(c, rows, start);
            List<LeaseView> absent = new ArrayList<>();
            List<LeaseView> takeable = new ArrayList<>();
            for (LeaseView view : active) {
                Lease lease = leases.get(view.getNamespace());
                if (lease == null) {
                    absent.add(view);
                } else if (lease.holder().equals(holderId)) {
                    changes.gained(view, view.acquired(start, "it was this instance's"));
                } else if (view.sawOther(lease, start, rows.containsKey(lease.holder()),
                        deleted.contains(lease.holder()), changes)) {
                    takeable.add(view);
                }
            }
            insert(c, absent, start, changes);
            takeOver(c, takeable, start, changes);
            if (failing) {
                failing = false;
                LOG.info("Leases readable again");
            }
        } catch (SQLException | RuntimeException e) {
            if (!failing) {
                failing = true;
                LOG.warn("Leases cannot be read or renewed ({}); retrying every {} ms", e.getMessage(),
                        TimeUnit.NANOSECONDS.toMillis(renewNanos));
            }
        }
        checkDeadlines(changes);
    }

    private void checkDeadlines() {
        checkDeadlines(new Changes());
    }

    private void checkDeadlines(Changes changes) {
        long now = System.nanoTime();
        for (LeaseView view : views.values()) {
            changes.lost(view, view.checkDeadline(now));
        }
        changes.log();
    }

    /**
     * Renews this instance's row (one row written), or writes it the first time. A row gone means another instance
     * saw it unrenewed for a whole lease and deleted it: every lease this instance led is lost (another may hold it
     * by now), and it goes on under a new id.
     */
    private void renew(Connection c, Changes changes) throws SQLException {
        if (registered) {
            try (PreparedStatement update = c.prepareStatement("UPDATE cluster_instance SET version = version + 1,"
                    + " renewed_at = ? WHERE holder = ?")) {
                update.setTimestamp(1, Timestamp.from(clock.instant()));
                update.setString(2, holderId);
                if (update.executeUpdate() == 1) {
                    return;
                }
            }
            LOG.info("This instance ({}) was declared gone by another after it could not renew its leases for {} ms;"
                    + " it goes on under a new id", nodeId, TimeUnit.NANOSECONDS.toMillis(leaseNanos));
            views.values().forEach(view -> changes.lost(view, view.lost("another instance declared this one gone")));
            holderId = newHolderId();
        }
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO cluster_instance (holder, version,"
                + " renewed_at) VALUES (?, 1, ?)")) {
            insert.setString(1, holderId);
            insert.setTimestamp(2, Timestamp.from(clock.instant()));
            insert.executeUpdate();
        }
        registered = true;
    }

    private static Map<String, Lease> readLeases(Connection c) throws SQLException {
        Map<String, Lease> leases = new HashMap<>();
        try (PreparedStatement q = c.prepareStatement("SELECT namespace, holder, version FROM cluster_lease");
             ResultSet rs = q.executeQuery()) {
            while (rs.next()) {
                leases.put(rs.getString(1), new Lease(rs.getString(2), rs.getLong(3)));
            }
        }
        return leases;
    }

    private static Map<String, Long> readInstances(Connection c) throws SQLException {
        Map<String, Long> rows = new HashMap<>();
        try (PreparedStatement q = c.prepareStatement("SELECT holder, version FROM cluster_instance");
             ResultSet rs = q.executeQuery()) {
            while (rs.next()) {
                rows.put(rs.getString(1), rs.getLong(2));
            }
        }
        return rows;
    }

    /**
     * Deletes the rows of the instances whose version this one has seen unchanged for a whole lease (compare-and-set:
     * a renewal that came first keeps the row).
     * @return the instances whose row this look deleted
     */
    private Set<String> expire(Connection c, Map<String, Long> rows, long atNanos) throws SQLException {
        instances.keySet().retainAll(rows.keySet());
        List<String> expired = new ArrayList<>();
        rows.forEach((holder, version) -> {
            if (holder.equals(holderId)) {
                return;
            }
            Seen seen = instances.get(holder);
            if (seen == null || seen.version() != version) {
                instances.put(holder, new Seen(version, atNanos));
            } else if (atNanos - seen.sinceNanos() >= leaseNanos) {
                expired.add(holder);
            }
        });
        if (expired.isEmpty()) {
            return Set.of();
        }
        Set<String> deleted = new HashSet<>();
        try (PreparedStatement delete = c.prepareStatement("DELETE FROM cluster_instance WHERE holder = ?"
                + " AND version = ?")) {
            for (String holder : expired) {
                delete.setString(1, holder);
                delete.setLong(2, rows.get(holder));
                if (delete.executeUpdate() == 1) {
                    LOG.info("Instance {} did not renew its leases for {} ms: its accounts may be taken over",
                            nodeOf(holder), TimeUnit.NANOSECONDS.toMillis(leaseNanos));
                    deleted.add(holder);
                    instances.remove(holder);
                }
            }
        }
        return deleted;
    }

    /** The rows of namespaces no instance has seen yet, held by this instance; one transaction. */
    private void insert(Connection c, List<LeaseView> absent, long start, Changes changes) throws SQLException {
        if (absent.isEmpty()) {
            return;
        }
        String sql = "INSERT INTO cluster_lease (namespace, holder, version, renewed_at) VALUES (?, ?, 1, ?)";
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try (PreparedStatement insert = c.prepareStatement(sql)) {
            for (LeaseView view : absent) {
                insert.setString(1, view.getNamespace());
                insert.setString(2, holderId);
                insert.setTimestamp(3, Timestamp.from(clock.instant()));
                insert.addBatch();
            }
            insert.executeBatch();
            c.commit();
            absent.forEach(view -> changes.gained(view, view.acquired(start, "no one held it")));
            return;
        } catch (SQLException e) {
            c.rollback();
            if (!isDuplicate(e)) {
                throw e;
            }
        } finally {
            c.setAutoCommit(autoCommit);
        }
        // another instance inserted some of them first: one at a time, the others' rows are looked at next time
        try (PreparedStatement insert = c.prepareStatement(sql)) {
            for (LeaseView view : absent) {
                insert.setString(1, view.getNamespace());
                insert.setString(2, holderId);
                insert.setTimestamp(3, Timestamp.from(clock.instant()));
                try {
                    if (insert.executeUpdate() == 1) {
                        changes.gained(view, view.acquired(start, "no one held it"));
                    }
                } catch (SQLException e) {
                    if (!isDuplicate(e)) {
                        throw e;
                    }
                }
            }
        }
    }

    private static boolean isDuplicate(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getNextException() != null
                    && "23505".equals(sql.getNextException().getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /** Compare-and-set of the released or expired leases, one batch. */
    private void takeOver(Connection c, List<LeaseView> takeable, long start, Changes changes)
            throws SQLException {
        if (takeable.isEmpty()) {
            return;
        }
        try (PreparedStatement update = c.prepareStatement("UPDATE cluster_lease SET holder = ?,"
                + " version = version + 1, renewed_at = ? WHERE namespace = ? AND version = ?")) {
            for (LeaseView view : takeable) {
                update.setString(1, holderId);
                update.setTimestamp(2, Timestamp.from(clock.instant()));
                update.setString(3, view.getNamespace());
                update.setLong(4, view.seenVersion);
                update.addBatch();
            }
            int[] counts = update.executeBatch();
            for (int i = 0; i < takeable.size(); i++) {
                if (counts[i] == 1 || counts[i] == Statement.SUCCESS_NO_INFO) {
                    LeaseView view = takeable.get(i);
                    changes.gained(view, view.acquired(start, view.seenHolder.isEmpty()
                            ? "the last holder released it"
                            : "instance " + nodeOf(view.seenHolder) + " stopped renewing its leases"));
                }
            }
        }
    }

    /**
     * On a clean stop: every lease this instance holds, given up so the others take over at their next look, and its
     * row, in one transaction.
     */
    private void releaseAll() {
        Changes changes = new Changes();
        views.values().forEach(view -> changes.lost(view, view.lost("stopping")));
        changes.log();
        if (!registered) {
            return;
        }
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try (PreparedStatement release = c.prepareStatement("UPDATE cluster_lease SET holder = '',"
                         + " version = version + 1, renewed_at = ? WHERE holder = ?");
                 PreparedStatement delete = c.prepareStatement("DELETE FROM cluster_instance WHERE holder = ?")) {
                release.setTimestamp(1, Timestamp.from(clock.instant()));
                release.setString(2, holderId);
                release.executeUpdate();
                delete.setString(1, holderId);
                delete.executeUpdate();
                c.commit();
                registered = false;
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            LOG.warn("Could not release the leases of this instance ({}): other instances take over when they "
                    + "expire", e.getMessage());
        }
    }

    /** One namespace's release (its last user stopped while the instance runs on). */
    private void release(String namespace) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement update = c.prepareStatement("UPDATE cluster_lease SET holder = '',"
                     + " version = version + 1, renewed_at = ? WHERE namespace = ? AND holder = ?")) {
            update.setTimestamp(1, Timestamp.from(clock.instant()));
            update.setString(2, namespace);
            update.setString(3, holderId);
            update.executeUpdate();
        } catch (SQLException e) {
            LOG.warn("Could not release the lease of {} ({}): another instance takes over when it expires",
                    namespace, e.getMessage());
        }
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

    /** One namespace's lease as the service's looks left it; no thread or task of its own. */
    final class LeaseView extends AbstractCamelClusterView {

        private final Member local = new Member(nodeId, true, this::isLeader);
        private volatile boolean leader;
        private volatile long renewedAtNanos;
        private volatile Instant leaderSince;
        private volatile String seenHolder = "";
        private volatile long seenVersion = -1;
        private volatile long seenAtNanos;

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
            lookSoon();
        }

        /**
         * Stops being looked after; if this instance holds the lease and runs on, gives it up in the background (the
         * view's last user, a master: consumer, is stopping its route and should not wait for the database). When
         * the whole instance stops, its stop releases every lease at once.
         */
        @Override
        protected void doStop() {
            if (leader && !stopping) {
                Changes changes = new Changes();
                changes.lost(this, lost("its last user stopped"));
                changes.log();
                ScheduledExecutorService s = scheduler;
                if (s != null && !s.isShutdown()) {
                    s.execute(() -> release(getNamespace()));
                }
            }
        }

        /**
         * Another instance holds the lease (or no one: released): steps down if this one led, notes the holder and
         * the version (for the compare-and-set of a take-over) and since when it has not moved.
         * @param holderThere whether the holder's instance row is there (it is renewed by that row)
         * @param holderDeleted whether this look deleted the holder's instance row
         * @return whether the lease may be taken over now: released; its holder gone; or, a holder without a row
         *     (an instance of a version before instance rows, during a rolling upgrade, renews the lease row
         *     itself), its version unchanged for a whole lease by this instance's clock
         */
        boolean sawOther(Lease lease, long atNanos, boolean holderThere, boolean holderDeleted, Changes changes) {
            if (leader) {
                changes.lost(this, lost(lease.holder().isEmpty() ? "its lease was released"
                        : "instance " + nodeOf(lease.holder()) + " holds the lease"));
            }
            if (!lease.holder().equals(seenHolder) || lease.version() != seenVersion) {
                seenHolder = lease.holder();
                seenVersion = lease.version();
                seenAtNanos = atNanos;
            }
            return lease.holder().isEmpty() || holderDeleted
                    || !holderThere && atNanos - seenAtNanos >= leaseNanos;
        }

        boolean checkDeadline(long now) {
            return leader && now - renewedAtNanos >= renewDeadlineNanos
                    && lost("its lease could not be renewed for "
                            + TimeUnit.NANOSECONDS.toMillis(now - renewedAtNanos) + " ms");
        }

        /** @return whether this instance did not lead the namespace before */
        synchronized boolean acquired(long atNanos, String why) {
            renewedAtNanos = atNanos;
            seenHolder = holderId;
            if (!leader) {
                leader = true;
                leaderSince = clock.instant();
                LOG.debug("This instance ({}) now leads {}: {}", nodeId, getNamespace(), why);
                events.execute(() -> fireLeadershipChangedEvent(local));
                return true;
            }
            return false;
        }

        /** @return whether this instance led the namespace before */
        synchronized boolean lost(String why) {
            if (leader) {
                leader = false;
                leaderSince = null;
                LOG.debug("This instance ({}) no longer leads {}: {}", nodeId, getNamespace(), why);
                ExecutorService e = events;
                if (e != null && !e.isShutdown()) {
                    e.execute(() -> fireLeadershipChangedEvent(getLeader().orElse(null)));
                }
                return true;
            }
            return false;
        }
    }

    /** The namespaces one look took or lost: one INFO line each way, however many accounts changed hands. */
    private final class Changes {

        private final List<String> gained = new ArrayList<>();
        private final List<String> lost = new ArrayList<>();

        void gained(LeaseView view, boolean changed) {
            if (changed) {
                gained.add(view.getNamespace());
            }
        }

        void lost(LeaseView view, boolean changed) {
            if (changed) {
                lost.add(view.getNamespace());
            }
        }

        void log() {
            if (!gained.isEmpty()) {
                LOG.info("This instance ({}) now leads {}", nodeId, names(gained));
                gained.clear();
            }
            if (!lost.isEmpty()) {
                LOG.info("This instance ({}) no longer leads {}", nodeId, names(lost));
                lost.clear();
            }
        }

        private String names(List<String> namespaces) {
            return namespaces.size() <= 10 ? String.join(", ", namespaces)
                    : namespaces.size() + " namespaces (" + String.join(", ", namespaces.subList(0, 10)) + ", ...)";
        }
    }

    private record Lease(String holder, long version) {
    }

    private record Seen(long version, long sinceNanos) {
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
