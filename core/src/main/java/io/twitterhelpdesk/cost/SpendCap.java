package io.twitterhelpdesk.cost;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import io.twitterhelpdesk.state.BillableUsage;

/**
 * The daily spend cap (docs/operations.md "The daily spend cap"): per account ({@code
 * twitter.account.<name>.daily-spend-cap}) and for all accounts together ({@code cost.daily-cap}), compared with the
 * estimated spend of the current UTC day as the state database holds it ({@link BillableUsage#spent}): every
 * instance's spend counts, and a restart continues the day.
 *
 * <ul>
 * <li>from {@value #WARN_PERCENT} % of a cap, the optional spend stops ({@link Spend#OPTIONAL}: polling of a channel
 * the X Activity API pushes as well, proactive replies);</li>
 * <li>from 100 %, the needed spend stops too ({@link Spend#NEEDED}: polling, replies; replies answering a customer
 * who wrote still go out when {@code cost.cap.replies-to-waiting-customers} is true);</li>
 * <li>the next UTC day, everything goes again.</li>
 * </ul>
 * A spend is refused once the day's estimate has reached the cap, so the last call before the stop may go past it by
 * that one call's price. {@link #check} turns the caps' state into one WARN at {@value #WARN_PERCENT} %, one
 * {@code spend_cap_reached} and, once that day has ended, one {@code spend_cap_lifted} per cap.
 */
public final class SpendCap {

    /** How much of a cap is spent when the WARN comes and the optional spend stops. */
    public static final int WARN_PERCENT = 80;
    private static final String GLOBAL = "";

    /** What a spend is for. */
    public enum Spend {
        /** Spend the connector can do without: stopped from {@value SpendCap#WARN_PERCENT} % of a cap. */
        OPTIONAL,
        /** Polling and replies: stopped at the cap. */
        NEEDED
    }

    private final BillableUsage usage;
    private final Clock clock;
    private final Optional<BigDecimal> globalCap;
    private final Map<String, BigDecimal> accountCaps;
    private final Function<String, String> accountIds;
    private final boolean repliesToWaitingCustomers;
    private final String currency;
    /**
     * @param accountCaps the accounts (by name) with a cap of their own
     * @param accountIds  an account's X user id (the key of its spend in the state database), null when unknown
     */
    public SpendCap(BillableUsage usage, Clock clock, Optional<BigDecimal> globalCap, Map<String, BigDecimal> accountCaps,
            Function<String, String> accountIds, boolean repliesToWaitingCustomers, String currency) {
        this.usage = usage;
        this.clock = clock;
        this.globalCap = globalCap;
        this.accountCaps = new LinkedHashMap<>(accountCaps);
        this.accountIds = accountIds;
        this.repliesToWaitingCustomers = repliesToWaitingCustomers;
        this.currency = currency;
    }

    /** The caps on the spend the meter counts: account ids as the meter knows them. */
    public static SpendCap of(CostMeter meter, Optional<BigDecimal> globalCap, Map<String, BigDecimal> accountCaps,
            boolean repliesToWaitingCustomers) {
        if (!meter.counts()) {
            return none();
        }
        return new SpendCap(meter.usage(), meter.clock(), globalCap, accountCaps, meter::accountId,
                repliesToWaitingCustomers, meter.rates().currency());
    }

    /** No cap: everything may spend. */
    public static SpendCap none() {
        return new SpendCap(null, Clock.systemUTC(), Optional.empty(), Map.of(), name -> null, false, "");
    }

    /** Whether any cap is set (without one, nothing is read from the state database). */
    public boolean capsAnything() {
        return usage != null && (globalCap.isPresent() || !accountCaps.isEmpty());
    }

    /** Why the account may not spend this way now (a cap reached for it), or empty when it may. */
    public Optional<String> refusal(String account, Spend spend) {
        if (!capsAnything()) {
            return Optional.empty();
        }
        LocalDate day = today();
        BigDecimal accountCap = accountCaps.get(account);
        if (accountCap != null) {
            String id = accountIds.apply(account);
            if (id != null) {
                BigDecimal spent = usage.spent(day, id);
                if (reached(spent, accountCap, spend)) {
                    return Optional.of(message(account, day, spent, accountCap, spend));
                }
            }
        }
        if (globalCap.isPresent()) {
            BigDecimal spent = usage.spent(day, null);
            if (reached(spent, globalCap.get(), spend)) {
                return Optional.of(message(null, day, spent, globalCap.get(), spend));
            }
        }
        return Optional.empty();
    }

    /**
     * Why a reply of the account may not go now, or empty when it may: a proactive reply is optional spend; a reply
     * answering a customer is needed spend, let past the cap when {@code cost.cap.replies-to-waiting-customers}.
     */
    public Optional<String> replyRefusal(String account, boolean proactive) {
        if (proactive) {
            return refusal(account, Spend.OPTIONAL);
        }
        return repliesToWaitingCustomers ? Optional.empty() : refusal(account, Spend.NEEDED);
    }

    /**
     * Compares every cap with the day's spend: per cap and UTC day, one {@code spend_cap_warning} from
     * {@value #WARN_PERCENT} %, one {@code spend_cap_reached} at the cap, and once a day that reached its cap has
     * ended, one {@code spend_cap_lifted}.
     */
    public synchronized List<SpendCapAlert> check() {
        List<SpendCapAlert> events = new ArrayList<>();
        if (!capsAnything()) {
            return events;
        }
        LocalDate day = today();
        globalCap.ifPresent(cap -> check(GLOBAL, cap, day, usage.spent(day, null), events));
        accountCaps.forEach((account, cap) -> {
            String id = accountIds.apply(account);
            check(account, cap, day, id == null ? BigDecimal.ZERO : usage.spent(day, id), events);
        });
        return events;
    }

    /**
     * Which alert of a cap is due, each sent once per cap and day: recorded in the state database by whoever sends it
     * first, so a restart (or another instance) does not send it again, and a day that reached its cap gets its
     * {@code spend_cap_lifted} at the first check after it ended, even when no instance ran at midnight.
     */
    private void check(String scope, BigDecimal cap, LocalDate day, BigDecimal spent, List<SpendCapAlert> events) {
        String account = GLOBAL.equals(scope) ? null : scope;
        for (LocalDate ended : usage.capAlertDaysWithout(scope, day, SpendCapAlert.REACHED, SpendCapAlert.LIFTED)) {
            if (usage.recordCapAlert(scope, ended, SpendCapAlert.LIFTED)) {
                events.add(event(SpendCapAlert.LIFTED, account, day, BigDecimal.ZERO, cap,
                        "Daily spend cap of " + who(account).toLowerCase(java.util.Locale.ROOT) + " lifted: the UTC day "
                                + ended + " has ended, polling and replies go again on " + day));
            }
        }
        if (reached(spent, cap, Spend.NEEDED)) {
            if (usage.recordCapAlert(scope, day, SpendCapAlert.REACHED)) {
                events.add(event(SpendCapAlert.REACHED, account, day, spent, cap,
                        message(account, day, spent, cap, Spend.NEEDED)));
            }
        } else if (reached(spent, cap, Spend.OPTIONAL) && usage.recordCapAlert(scope, day, SpendCapAlert.WARNING)) {
            events.add(event(SpendCapAlert.WARNING, account, day, spent, cap,
                    message(account, day, spent, cap, Spend.OPTIONAL)));
        }
    }

    private SpendCapAlert event(String type, String account, LocalDate day, BigDecimal spent, BigDecimal cap,
            String message) {
        return new SpendCapAlert(type, account, day, cap, spent.stripTrailingZeros(), currency, message,
                clock.instant());
    }

    private static boolean reached(BigDecimal spent, BigDecimal cap, Spend spend) {
        BigDecimal limit = spend == Spend.NEEDED ? cap
                : cap.multiply(BigDecimal.valueOf(WARN_PERCENT)).divide(BigDecimal.valueOf(100), 6,
                        RoundingMode.HALF_UP);
        return spent.compareTo(limit) >= 0;
    }

    private String message(String account, LocalDate day, BigDecimal spent, BigDecimal cap, Spend spend) {
        String key = account == null ? "cost.daily-cap" : "twitter.account." + account + ".daily-spend-cap";
        String figures = who(account) + " spent an estimated " + spent.stripTrailingZeros().toPlainString() + " "
                + currency + " on " + day + " (UTC), of its daily spend cap of " + cap.toPlainString() + " " + currency
                + " (" + key + ")";
        return spend == Spend.NEEDED
                ? figures + ": polling paused and replies rejected until the UTC day ends"
                : figures + ": " + WARN_PERCENT + " % reached, optional spend (polls of channels the X Activity API "
                        + "pushes as well, proactive replies) stopped";
    }

    private static String who(String account) {
        return account == null ? "All accounts together" : "Account " + account;
    }

    private LocalDate today() {
        return LocalDate.now(clock.withZone(ZoneOffset.UTC));
    }
}
