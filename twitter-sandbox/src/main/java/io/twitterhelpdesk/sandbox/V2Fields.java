package io.twitterhelpdesk.sandbox;

import java.util.Set;

/**
 * The field and expansion names X API v2 accepts for the objects the sandbox serves, and what a request selected.
 * The names X documents are accepted (others are a 400 invalid request); fields the sandbox has no data for are
 * left out of answers, as X leaves out fields without a value.
 */
final class V2Fields {

    static final String DM_EVENT_FIELDS = "dm_event.fields";
    static final String TWEET_FIELDS = "tweet.fields";
    static final String USER_FIELDS = "user.fields";
    static final String MEDIA_FIELDS = "media.fields";
    static final String EXPANSIONS = "expansions";

    static final Set<String> DM_EVENT = V2Query.names("attachments", "created_at", "dm_conversation_id", "entities",
            "event_type", "id", "participant_ids", "referenced_tweets", "sender_id", "text");
    static final Set<String> TWEET = V2Query.names("article", "attachments", "author_id", "card_uri",
            "community_id", "context_annotations", "conversation_id", "created_at", "display_text_range",
            "edit_controls", "edit_history_tweet_ids", "entities", "geo", "id", "in_reply_to_user_id", "lang",
            "media_metadata", "non_public_metrics", "note_tweet", "organic_metrics", "possibly_sensitive",
            "promoted_metrics", "public_metrics", "referenced_tweets", "reply_settings", "scopes", "source", "text",
            "withheld");
    static final Set<String> USER = V2Query.names("affiliation", "connection_status", "created_at", "description",
            "entities", "id", "location", "most_recent_tweet_id", "name", "pinned_tweet_id", "profile_banner_url",
            "profile_image_url", "protected", "public_metrics", "receives_your_dm", "subscription_type", "url",
            "username", "verified", "verified_type", "withheld");
    static final Set<String> MEDIA = V2Query.names("alt_text", "duration_ms", "height", "media_key",
            "non_public_metrics", "organic_metrics", "preview_image_url", "promoted_metrics", "public_metrics",
            "type", "url", "variants", "width");
    static final Set<String> PLACE = V2Query.names("contained_within", "country", "country_code", "full_name", "geo",
            "id", "name", "place_type");
    static final Set<String> POLL = V2Query.names("duration_minutes", "end_datetime", "id", "options",
            "voting_status");

    static final Set<String> DM_EXPANSIONS = V2Query.names("attachments.media_keys", "participant_ids",
            "referenced_tweets.id", "sender_id");
    static final Set<String> TWEET_EXPANSIONS = V2Query.names("article.cover_media", "article.media_entities",
            "attachments.media_keys", "attachments.media_source_tweet", "attachments.poll_ids", "author_id",
            "edit_history_tweet_ids", "entities.mentions.username", "geo.place_id", "in_reply_to_user_id",
            "entities.note.mentions.username", "referenced_tweets.id", "referenced_tweets.id.attachments.media_keys",
            "referenced_tweets.id.author_id");
    static final Set<String> USER_EXPANSIONS = V2Query.names("affiliation.user_id", "most_recent_tweet_id",
            "pinned_tweet_id");

    /** What a request selected: extra fields per object kind and expansions. */
    record Selection(Set<String> dmEvent, Set<String> tweet, Set<String> user, Set<String> media,
                     Set<String> expansions) {

        boolean expands(String expansion) {
            return expansions.contains(expansion);
        }
    }

    private V2Fields() {
    }

    /** Reads the field and expansion parameters; {@code allowedExpansions} depends on the endpoint. */
    static Selection select(V2Query query, Set<String> allowedExpansions) {
        return new Selection(query.list(DM_EVENT_FIELDS, DM_EVENT), query.list(TWEET_FIELDS, TWEET),
                query.list(USER_FIELDS, USER), query.list(MEDIA_FIELDS, MEDIA),
                query.list(EXPANSIONS, allowedExpansions));
    }
}
