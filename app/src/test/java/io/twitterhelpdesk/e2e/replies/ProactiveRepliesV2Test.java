package io.twitterhelpdesk.e2e.replies;

import io.twitterhelpdesk.e2e.support.ApiFlavour;

/** {@link ProactiveRepliesTest} with both accounts on X API v2: the customer is looked up with {@code GET /2/users/:id}. */
class ProactiveRepliesV2Test extends ProactiveRepliesTest {

    @Override
    ApiFlavour api() {
        return ApiFlavour.V2;
    }

    @Override
    String relationshipKey() {
        return "v2_user";
    }
}
