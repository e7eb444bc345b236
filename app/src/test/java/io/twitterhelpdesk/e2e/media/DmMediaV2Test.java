package io.twitterhelpdesk.e2e.media;

import io.twitterhelpdesk.e2e.support.ApiFlavour;

/**
 * {@link DmMediaTest} with both accounts on X API v2: the connector fetches DM files at
 * {@code GET /2/dm_conversations/media/{dm_id}/{media_id}/{resource_id}}, with acme_support's OAuth 2.0 token and
 * acme_sales's OAuth 1.0a signature.
 */
class DmMediaV2Test extends DmMediaTest {

    @Override
    ApiFlavour api() {
        return ApiFlavour.V2;
    }
}
