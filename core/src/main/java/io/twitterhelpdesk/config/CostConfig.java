package io.twitterhelpdesk.config;

import org.apache.camel.PropertyInject;

/**
 * The {@code cost.*} keys: the rates file of the cost meter (X's price per billable unit) and the currency its
 * rates and the estimated spend are in. The file itself is read and checked by {@code cost.Rates}.
 */
public final class CostConfig {

    @PropertyInject("cost.rates-file")
    private String ratesFile;
    @PropertyInject("cost.currency")
    private String currency;

    public String ratesFile() {
        return ratesFile;
    }

    public String currency() {
        return currency;
    }
}
