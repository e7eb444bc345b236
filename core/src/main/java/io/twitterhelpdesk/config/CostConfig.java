package io.twitterhelpdesk.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;

import io.twitterhelpdesk.cost.Rates;
import org.apache.camel.PropertyInject;

/**
 * The {@code cost.*} keys: the rates file of the cost meter (X's price per billable unit) and the currency its
 * rates and the estimated spend are in. The file is read when the class is bound: a missing or malformed one, or a
 * currency that is no ISO 4217 code, stops the start naming the key ({@link Rates#load}).
 *
 * <p>The daily spend cap ({@code cost.daily-cap} for all accounts together, {@code twitter.account.<name>.daily-spend-cap}
 * per account, both in {@code cost.currency}; none by default): a cap that is not a number, is negative, zero or more
 * than {@link #MAX_CAP} stops the start naming its key.
 */
public final class CostConfig implements Settings.Checked {

    @PropertyInject("cost.rates-file")
    private String ratesFile;
    @PropertyInject("cost.currency")
    private String currency;
    @PropertyInject("cost.daily-cap")
    private Optional<String> dailyCap;
    @PropertyInject("cost.cap.replies-to-waiting-customers")
    private boolean repliesToWaitingCustomers;
    @PropertyInject("cost.cap.check-interval")
    private Duration checkInterval;
    private Rates rates;
    private Optional<BigDecimal> globalCap;

    /** The highest cap taken (a million a day in the currency): anything above is a typo, not a cap. */
    public static final BigDecimal MAX_CAP = new BigDecimal("1000000");

    @Override
    public void check(String prefix) {
        rates = Rates.load(ratesFile, currency);
        globalCap = cap(prefix + "cost.daily-cap", dailyCap);
        if (checkInterval.isZero() || checkInterval.isNegative()) {
            throw new IllegalArgumentException(prefix + "cost.cap.check-interval must be positive, not "
                    + checkInterval);
        }
    }

    /**
     * A cap key's value: empty when not set.
     *
     * @throws IllegalArgumentException naming the key for a value that is not a number, not more than 0 or more than
     *                                  {@link #MAX_CAP}
     */
    public static Optional<BigDecimal> cap(String key, Optional<String> value) {
        if (value.isEmpty() || value.get().isBlank()) {
            return Optional.empty();
        }
        BigDecimal cap;
        try {
            cap = new BigDecimal(value.get().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be an amount such as 25 or 2.50, not '" + value.get()
                    + "'");
        }
        if (cap.signum() <= 0 || cap.compareTo(MAX_CAP) > 0) {
            throw new IllegalArgumentException(key + " must be more than 0 and at most " + MAX_CAP.toPlainString()
                    + " (leave it empty for no cap), not " + value.get().trim());
        }
        return Optional.of(cap);
    }

    /** The cap of all accounts' spend together on a UTC day ({@code cost.daily-cap}); empty: none. */
    public Optional<BigDecimal> globalCap() {
        return globalCap;
    }

    /** Whether replies answering a customer (not proactive ones) still go out once the cap is reached. */
    public boolean repliesToWaitingCustomers() {
        return repliesToWaitingCustomers;
    }

    /** How often the caps are compared with the day's spend for their alerts ({@code cost.cap.check-interval}). */
    public Duration checkInterval() {
        return checkInterval;
    }

    /** The rates read from {@code cost.rates-file}, in {@code cost.currency}. */
    public Rates rates() {
        return rates;
    }
}
