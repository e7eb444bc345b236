package io.twitterhelpdesk.outbound;

import io.twitterhelpdesk.cost.BillableUnit;
import io.twitterhelpdesk.cost.Rates;

/**
 * Flags the status of a reply whose text holds a link ({@link BillableUnit#postCreate}: X bills a public post with
 * one $0.200 instead of $0.015) with what X bills for it: the billable unit it is sent as
 * ({@code post_create_with_url} in public, {@code dm_create} by DM) and its estimated cost at the configured rates
 * ({@code cost.rates-file}). Statuses of replies without a link are left as they are.
 */
public final class ReplyPrices {

    private final Rates rates;

    /** @param rates the cost meter's rates; null (no meter): the unit without a cost */
    public ReplyPrices(Rates rates) {
        this.rates = rates;
    }

    /** {@code status} of a reply of this text, sent (or that would be sent) by DM or in public. */
    public ReplyStatus flag(ReplyStatus status, boolean directMessage, String text) {
        if (BillableUnit.postCreate(text) != BillableUnit.POST_CREATE_WITH_URL) {
            return status;
        }
        BillableUnit unit = directMessage ? BillableUnit.DM_CREATE : BillableUnit.POST_CREATE_WITH_URL;
        return rates == null ? status.priced(unit.key(), null, null)
                : status.priced(unit.key(), rates.cost(unit, 1), rates.currency());
    }
}
