package io.twitterhelpdesk.e2e.operations;

import io.twitterhelpdesk.e2e.support.ApiFlavour;

/**
 * {@link AccountHealthTest} with both accounts on X API v2: credentials by {@code GET /2/users/me} (acme_support with
 * OAuth 2.0, acme_sales with OAuth 1.0a); the DM setting is reported as not exposed by API v2.
 */
class AccountHealthV2Test extends AccountHealthTest {

    @Override
    ApiFlavour api() {
        return ApiFlavour.V2;
    }
}
