package io.twitterhelpdesk.e2e;

/** {@link RepliesWithMediaTest} with both accounts on X API v2: media by {@code POST /2/media/upload}. */
class RepliesWithMediaV2Test extends RepliesWithMediaTest {

    @Override
    ApiFlavour api() {
        return ApiFlavour.V2;
    }
}
