package io.twitterhelpdesk.e2e.replies;

import io.twitterhelpdesk.e2e.support.ApiFlavour;

/**
 * {@link RepliesTest} with both accounts on X API v2: DMs by {@code POST /2/dm_conversations/with/{id}/messages},
 * public replies by {@code POST /2/tweets}, the same sending rules and status events.
 */
class RepliesV2Test extends RepliesTest {

    @Override
    ApiFlavour api() {
        return ApiFlavour.V2;
    }
}
