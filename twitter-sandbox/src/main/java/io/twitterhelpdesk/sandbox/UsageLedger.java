package io.twitterhelpdesk.sandbox;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Counts pay-per-use units as X bills them, per UTC day (of {@code clock}), app and account: a read unit once per
 * (app, resource kind, resource id, UTC day), attributed to the account of the first read that day; a write unit at
 * each call. The dedup keys of the latest {@value #DEDUP_DAYS_KEPT} days are kept (so memory stays bounded in a
 * long-running sandbox); the counts of every day stay until cleared.
 */
final class UsageLedger {

    static final int DEDUP_DAYS_KEPT = 7;
    private static final Comparator<Map.Entry<RowKey, Long>> ROW_ORDER = Comparator
            .comparing((Map.Entry<RowKey, Long> e) -> e.getKey().app())
            .thenComparing(e -> e.getKey().accountId(), Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(e -> e.getKey().unit().key());

    private record RowKey(String app, String accountId, UsageUnit unit) {
    }

    private record ReadKey(String app, String resourceKind, String resourceId) {
    }

    private final Clock clock;
    private final Map<UsageUnit, BigDecimal> rates = new EnumMap<>(UsageUnit.class);
    private final TreeMap<LocalDate, Set<ReadKey>> readOn = new TreeMap<>();
    private final Map<LocalDate, Map<RowKey, Long>> units = new HashMap<>();

    UsageLedger(Clock clock) {
        this.clock = clock;
        for (UsageUnit unit : UsageUnit.values()) {
            rates.put(unit, unit.defaultRate());
        }
    }

    /** The UTC day of the ledger's clock now. */
    LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    /** A resource returned by a read (or delivered as an X Activity event): counted unless the app had it today. */
    synchronized void read(String app, String accountId, UsageUnit unit, String resourceId) {
        if (!unit.read()) {
            throw new IllegalArgumentException(unit.key() + " is not a read unit");
        }
        LocalDate day = today();
        Set<ReadKey> seen = readOn.computeIfAbsent(day, d -> new HashSet<>());
        if (seen.add(new ReadKey(app, unit.resourceKind(), resourceId))) {
            count(day, app, accountId, unit);
        }
        while (readOn.size() > DEDUP_DAYS_KEPT) {
            readOn.pollFirstEntry();
        }
    }

    /** A successful write request: always counted. */
    synchronized void write(String app, String accountId, UsageUnit unit) {
        if (unit.read()) {
            throw new IllegalArgumentException(unit.key() + " is not a write unit");
        }
        count(today(), app, accountId, unit);
    }

    private void count(LocalDate day, String app, String accountId, UsageUnit unit) {
        units.computeIfAbsent(day, d -> new HashMap<>()).merge(new RowKey(app, accountId, unit), 1L, Long::sum);
    }

    synchronized Usage usage(LocalDate day) {
        List<UsageRow> rows = units.getOrDefault(day, Map.of()).entrySet().stream().sorted(ROW_ORDER)
                .map(e -> new UsageRow(e.getKey().app(), e.getKey().accountId(), e.getKey().unit(), e.getValue(),
                        rates.get(e.getKey().unit()).multiply(BigDecimal.valueOf(e.getValue()))))
                .toList();
        BigDecimal total = rows.stream().map(UsageRow::costUsd).reduce(BigDecimal.ZERO, BigDecimal::add);
        return new Usage(day, rows, total);
    }

    /** The rate of a unit in USD from now on, for every day reported (not negative). */
    synchronized void setRate(UsageUnit unit, BigDecimal usd) {
        if (usd == null || usd.signum() < 0) {
            throw new IllegalArgumentException("the rate of " + unit.key() + " must be a number of USD, not negative");
        }
        rates.put(unit, usd);
    }

    synchronized Map<UsageUnit, BigDecimal> rates() {
        return new EnumMap<>(rates);
    }

    /** Forgets every count and dedup key; rates stay. */
    synchronized void clear() {
        readOn.clear();
        units.clear();
    }
}
