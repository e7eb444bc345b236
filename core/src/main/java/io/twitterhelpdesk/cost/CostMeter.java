package io.twitterhelpdesk.cost;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.twitterhelpdesk.state.BillableUsage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cost meter: counts what each call to X bills under pay-per-use ({@link BillableUnit}), as X does and as the
 * sandbox's invoice does (docs/operations.md "What X bills"): a read per resource returned, the first read of a
 * resource by an app on a UTC day only; a write per successful request; an X Activity API event per event delivered.
 * The state database decides what is billed ({@link BillableUsage}): a restart continues the day, and two instances
 * on one state database bill a resource once. Each billed unit also counts in the metrics
 * {@code twitter_helpdesk_x_billable_units_total{account,unit}} and
 * {@code twitter_helpdesk_x_estimated_cost_total{account,currency}}; {@link UsageReport} reads the counts back.
 *
 * <p>Counting never fails a call to X that succeeded: a state database that cannot be written is one WARN line and
 * those units are not counted.
 */
public final class CostMeter {

    private static final Logger LOG = LoggerFactory.getLogger(CostMeter.class);
    /** Tries of one count before it is given up (a deadlock with another instance's count is tried again). */
    private static final int ATTEMPTS = 3;

    /** The X user id of a configured account (may ask X once; a failure leaves the units unattributed). */
    @FunctionalInterface
    public interface AccountIds {
        String idOf(String accountName) throws Exception;
    }

    private final BillableUsage usage;
    private final Rates rates;
    private final Clock clock;
    private final AccountApps apps;
    private final List<String> accountNames;
    private volatile AccountIds accountIds = name -> null;
    private final Map<String, String> idsByName = new ConcurrentHashMap<>();
    private final Map<String, String> namesById = new ConcurrentHashMap<>();
    private final Map<String, Counter> unitCounters = new ConcurrentHashMap<>();
    private final Map<String, Counter> costCounters = new ConcurrentHashMap<>();
    private volatile MeterRegistry meters;

    /**
     * @param accountNames the configured accounts (each gets its daily summary line and its metric series from 0)
     */
    public CostMeter(BillableUsage usage, Rates rates, Clock clock, AccountApps apps, Collection<String> accountNames) {
        this.usage = usage;
        this.rates = rates;
        this.clock = clock;
        this.apps = apps;
        this.accountNames = List.copyOf(accountNames);
    }

    /** Where the accounts' X user ids come from (the accounts' clients, which ask X once per account). */
    public void identifyAccountsWith(AccountIds ids) {
        this.accountIds = ids;
    }

    /** Counts in these metrics from now on; every configured account's series start at 0. */
    public void publishTo(MeterRegistry registry) {
        this.meters = registry;
        for (String account : accountNames) {
            for (BillableUnit unit : BillableUnit.values()) {
                unitCounter(account, unit);
            }
            costCounter(account);
        }
    }

    public Rates rates() {
        return rates;
    }

    /** A read in the user context of a configured account: each resource not read by its app today is billed. */
    public void read(String account, BillableUnit unit, Collection<String> resourceIds) {
        if (usage == null) {
            return;
        }
        if (!resourceIds.isEmpty()) {
            bill(account, accountId(account), apps.of(account), unit, resourceIds, 0);
        }
    }

    /** The same, the account's X user id known (e.g. the account's own user look-up answered it). */
    public void read(String account, String accountId, BillableUnit unit, Collection<String> resourceIds) {
        if (usage == null) {
            return;
        }
        learn(account, accountId);
        if (!resourceIds.isEmpty()) {
            bill(account, accountId, apps.of(account), unit, resourceIds, 0);
        }
    }

    /** A write in the user context of a configured account that X took (one request). */
    public void wrote(String account, BillableUnit unit) {
        if (usage == null) {
            return;
        }
        bill(account, accountId(account), apps.of(account), unit, List.of(), 1);
    }

    /**
     * An X Activity API event delivered (webhook or stream) for the subscription of user {@code userId} (the
     * configured account {@code account}, or null when it is not one): one resource read, billed to the app of the
     * subscription unless that app read it today already.
     */
    public void pushed(String account, String userId, BillableUnit unit, String resourceId) {
        if (usage == null) {
            return;
        }
        learn(account, userId);
        if (resourceId != null && !resourceId.isBlank()) {
            bill(account, userId, apps.activity(account), unit, List.of(resourceId), 0);
        }
    }

    /** A successful X API v2 call in the user context of a configured account. */
    public void v2(String account, String method, String path, String requestJson, JsonNode answer) {
        if (usage == null) {
            return;
        }
        V2Usage.of(method, path, requestJson, answer).ifPresent(billed -> {
            if (!billed.unit().isRead()) {
                wrote(account, billed.unit());
            } else if (billed.unit() == BillableUnit.USER_READ && path.startsWith("users/me")) {
                read(account, billed.resourceIds().isEmpty() ? null : billed.resourceIds().get(0), billed.unit(),
                        billed.resourceIds());
            } else {
                read(account, billed.unit(), billed.resourceIds());
            }
        });
    }

    /** A successful X API v2 call with the app's bearer token: billed to the user it is about, if any. */
    public void v2App(String method, String path, String requestJson, JsonNode answer) {
        if (usage == null) {
            return;
        }
        V2Usage.of(method, path, requestJson, answer).ifPresent(billed -> {
            String about = path.matches("users/\\d+(/.*)?") ? path.split("/")[1] : null;
            bill(about == null ? null : namesById.get(about), about, apps.activity(null), billed.unit(),
                    billed.resourceIds(), billed.unit().isRead() ? 0 : 1);
        });
    }

    private void bill(String account, String accountId, String app, BillableUnit unit, Collection<String> ids,
            long writes) {
        LocalDate day = today();
        BigDecimal rate = rates.prices().get(unit);
        long billed = -1;
        for (int attempt = 1; billed < 0; attempt++) {
            try {
                billed = usage.bill(day, app, accountId, unit.key(), unit.kind(), ids, writes, rate);
            } catch (RuntimeException e) {
                // another instance reading the same resources at the same moment can deadlock with this transaction
                // (the database then refuses one of the two): nothing of it was written, so it is counted again
                if (attempt < ATTEMPTS) {
                    continue;
                }
                LOG.warn("X usage not counted ({} {} of account {}): the state database did not take it: {}",
                        unit.isRead() ? ids.size() : writes, unit.key(), account == null ? accountId : account,
                        e.getCause() != null ? e.getMessage() + ": " + e.getCause().getMessage() : e.getMessage());
                return;
            }
        }
        if (billed > 0 && meters != null) {
            String tag = account != null ? account : accountId != null ? accountId : "app";
            unitCounter(tag, unit).increment(billed);
            costCounter(tag).increment(rate.multiply(BigDecimal.valueOf(billed)).doubleValue());
        }
    }

    /** The account's X user id (asks X once per account when not known yet), or null when it cannot be had. */
    String accountId(String account) {
        String known = idsByName.get(account);
        if (known != null) {
            return known;
        }
        try {
            String id = accountIds.idOf(account);
            learn(account, id);
            return id;
        } catch (Exception e) {
            LOG.warn("X usage of account {} counted without its X user id (it could not be had: {})", account,
                    e.getMessage());
            return null;
        }
    }

    private void learn(String account, String id) {
        if (account != null && id != null) {
            idsByName.put(account, id);
            namesById.put(id, account);
        }
    }

    private Counter unitCounter(String account, BillableUnit unit) {
        return unitCounters.computeIfAbsent(account + "/" + unit.key(), k -> Counter
                .builder("twitter.helpdesk.x.billable.units")
                .description("Units X bills under pay-per-use (reads per resource once a UTC day, writes per request)")
                .tag("account", account).tag("unit", unit.key()).register(meters));
    }

    private Counter costCounter(String account) {
        return costCounters.computeIfAbsent(account, k -> Counter.builder("twitter.helpdesk.x.estimated.cost")
                .description("Estimated X spend at the configured rates (cost.rates-file), in cost.currency")
                .tag("account", account).tag("currency", rates.currency()).register(meters));
    }

    /** The configured accounts. */
    List<String> accountNames() {
        return accountNames;
    }

    /** The account's X user id as far as known without asking X, or null. */
    String knownId(String account) {
        return idsByName.get(account);
    }

    BillableUsage usage() {
        return usage;
    }

    Clock clock() {
        return clock;
    }

    private LocalDate today() {
        return LocalDate.now(clock.withZone(ZoneOffset.UTC));
    }


    /** A meter that counts nothing (clients made without a state database, as in some tests). */
    public static CostMeter off() {
        return new CostMeter(null, null, Clock.systemUTC(), null, List.of());
    }

    /** Whether this meter counts (false for {@link #off}). */
    public boolean counts() {
        return usage != null;
    }
}
