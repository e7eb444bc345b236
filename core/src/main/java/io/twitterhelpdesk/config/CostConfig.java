package io.twitterhelpdesk.config;

import io.twitterhelpdesk.cost.Rates;
import org.apache.camel.PropertyInject;

/**
 * The {@code cost.*} keys: the rates file of the cost meter (X's price per billable unit) and the currency its
 * rates and the estimated spend are in. The file is read when the class is bound: a missing or malformed one, or a
 * currency that is no ISO 4217 code, stops the start naming the key ({@link Rates#load}).
 */
public final class CostConfig implements Settings.Checked {

    @PropertyInject("cost.rates-file")
    private String ratesFile;
    @PropertyInject("cost.currency")
    private String currency;
    private Rates rates;

    @Override
    public void check(String prefix) {
        rates = Rates.load(ratesFile, currency);
    }

    /** The rates read from {@code cost.rates-file}, in {@code cost.currency}. */
    public Rates rates() {
        return rates;
    }
}
