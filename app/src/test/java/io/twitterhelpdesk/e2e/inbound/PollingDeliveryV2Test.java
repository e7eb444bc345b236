package io.twitterhelpdesk.e2e.inbound;

import io.twitterhelpdesk.e2e.support.ApiFlavour;

/**
 * {@link PollingDeliveryTest} with both accounts on X API v2 (acme_support with OAuth 2.0, acme_sales with OAuth
 * 1.0a): the same envelopes, echo handling, restart guarantees and page-maxima efficiency.
 */
class PollingDeliveryV2Test extends PollingDeliveryTest {

    @Override
    ApiFlavour api() {
        return ApiFlavour.V2;
    }
}
