package io.twitterhelpdesk.sandbox;

import java.math.BigDecimal;

/**
 * Units of one kind an app used for one account in one UTC day, and what they cost.
 *
 * @param app       the app's consumer key
 * @param accountId the X user id the units are attributed to, null for app-only requests about no user
 * @param unit      e.g. {@link UsageUnit#DM_EVENT_READ}
 * @param units     how many (never 0)
 * @param costUsd   {@code units} times the unit's rate
 */
public record UsageRow(String app, String accountId, UsageUnit unit, long units, BigDecimal costUsd) {
}
