package io.twitterhelpdesk.e2e.replies;

import io.twitterhelpdesk.e2e.support.ApiFlavour;

/** {@link RepliesWithMediaTest} with both accounts on X API v2: media by {@code POST /2/media/upload}. */
class RepliesWithMediaV2Test extends RepliesWithMediaTest {

    @Override
    ApiFlavour api() {
        return ApiFlavour.V2;
    }
}
