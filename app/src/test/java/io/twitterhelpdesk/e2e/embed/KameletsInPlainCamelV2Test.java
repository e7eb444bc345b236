package io.twitterhelpdesk.e2e.embed;

import io.twitterhelpdesk.e2e.support.ApiFlavour;

/** {@link KameletsInPlainCamelTest} with the account on X API v2 (camel-http, OAuth 1.0a user context). */
class KameletsInPlainCamelV2Test extends KameletsInPlainCamelTest {

    @Override
    ApiFlavour api() {
        return ApiFlavour.V2;
    }
}
