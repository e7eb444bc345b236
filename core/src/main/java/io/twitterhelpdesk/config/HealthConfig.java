package io.twitterhelpdesk.config;

import java.time.Duration;

import org.apache.camel.PropertyInject;

/** The {@code health.*} keys: the account checks and when an account's polling counts as stale. */
public final class HealthConfig {

    @PropertyInject("health.poll-stale-after")
    private Duration pollStaleAfter;
    @PropertyInject("health.account-check-interval")
    private Duration accountCheckInterval;
    @PropertyInject("health.account-check-at-start")
    private boolean accountCheckAtStart;

    public Duration pollStaleAfter() {
        return pollStaleAfter;
    }

    public Duration accountCheckInterval() {
        return accountCheckInterval;
    }

    public boolean accountCheckAtStart() {
        return accountCheckAtStart;
    }
}
