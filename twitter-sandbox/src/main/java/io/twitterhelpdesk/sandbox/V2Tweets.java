package io.twitterhelpdesk.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.twitterhelpdesk.sandbox.StoredRecords.Tweet;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/** {@code GET /2/users/:id/mentions} and {@code POST /2/tweets}. */
final class V2Tweets {

    static final int MAX_TWEET_WEIGHT = 280;
    /** Mentions reach back this many tweets at most, as on X. */
    static final int MAX_MENTIONS = 800;
    private static final String TOKEN_KIND = "mentions";
    private static final Set<String> MENTION_PARAMETERS = V2Query.names("end_time", V2Fields.EXPANSIONS,
            "max_results", V2Fields.MEDIA_FIELDS, "pagination_token", "place.fields", "poll.fields", "since_id",
            "start_time", V2Fields.TWEET_FIELDS, "until_id", V2Fields.USER_FIELDS);

    private final SandboxStore store;
    private final AccountActivity activity;

    V2Tweets(SandboxStore store, AccountActivity activity) {
        this.store = store;
        this.activity = activity;
    }

    /** Tweets mentioning the user, newest first. */
    V2Answer mentions(String userIdParameter, String rawQuery) {
        long userId = V2Query.parseId("id", userIdParameter);
        V2Query query = V2Query.parse(rawQuery, MENTION_PARAMETERS);
        int maxResults = query.intValue("max_results", 10, 5, 100);
        V2Fields.Selection selection = V2Fields.select(query, V2Fields.TWEET_EXPANSIONS);
        query.list("place.fields", V2Fields.PLACE);
        query.list("poll.fields", V2Fields.POLL);
        long sinceId = query.id("since_id").orElse(0);
        long untilId = query.id("until_id").orElse(Long.MAX_VALUE);
        Instant start = query.time("start_time").orElse(Instant.MIN);
        Instant end = query.time("end_time").orElse(Instant.MAX);
        String token = query.get("pagination_token");
        long from = token == null ? Long.MAX_VALUE : V2PaginationTokens.decode(TOKEN_KIND, userId, token);
        store.findActiveUser(userId).orElseThrow(() -> V2Problem.resourceNotFound("user", "id", userIdParameter));

        List<Tweet> tweets = store.mentionsOf(userId).stream().limit(MAX_MENTIONS)
                .filter(t -> t.id() > sinceId && t.id() < untilId && t.id() <= from)
                .filter(t -> !t.createdAt().isBefore(start) && t.createdAt().isBefore(end))
                .toList();
        List<Tweet> page = tweets.subList(0, Math.min(maxResults, tweets.size()));

        ObjectNode root = TwitterJson.MAPPER.createObjectNode();
        if (!page.isEmpty()) {
            V2Includes includes = new V2Includes(store, selection);
            ArrayNode data = root.putArray("data");
            page.forEach(t -> {
                data.add(V2Json.tweet(t, store.conversationId(t), selection.tweet()));
                expand(t, selection, includes);
            });
            includes.writeTo(root);
        }
        ObjectNode meta = root.putObject("meta").put("result_count", page.size());
        if (!page.isEmpty()) {
            meta.put("newest_id", Long.toString(page.get(0).id()));
            meta.put("oldest_id", Long.toString(page.get(page.size() - 1).id()));
        }
        if (tweets.size() > maxResults) {
            meta.put("next_token", V2PaginationTokens.encode(TOKEN_KIND, userId, tweets.get(maxResults).id()));
        }
        return V2Answer.ok(root);
    }

    private void expand(Tweet tweet, V2Fields.Selection selection, V2Includes includes) {
        if (selection.expands("author_id")) {
            includes.addUser(tweet.userId());
        }
        if (selection.expands("in_reply_to_user_id") && tweet.inReplyToUserId() != null) {
            includes.addUser(tweet.inReplyToUserId());
        }
        if (selection.expands("entities.mentions.username")) {
            tweet.content().mentions().forEach(m -> includes.addUser(m.userId()));
        }
        if (selection.expands("attachments.media_keys")) {
            includes.addMedia(tweet.content());
        }
        Tweet repliedTo = tweet.inReplyToStatusId() == null ? null
                : store.tweet(tweet.inReplyToStatusId()).orElse(null);
        if (repliedTo != null) {
            if (selection.expands("referenced_tweets.id")) {
                includes.addTweet(repliedTo);
            }
            if (selection.expands("referenced_tweets.id.author_id")) {
                includes.addUser(repliedTo.userId());
            }
            if (selection.expands("referenced_tweets.id.attachments.media_keys")) {
                includes.addMedia(repliedTo.content());
            }
        }
    }

    /**
     * Posts a tweet; a reply names the replied-to author in front of the text unless the text already mentions them
     * (v2 always does what v1.1's {@code auto_populate_reply_metadata} does).
     */
    V2Answer create(SandboxUser user, String mediaType, String body) {
        JsonNode json = V2RequestBody.parse(mediaType, body);
        V2RequestBody.allowOnly(json, "", Set.of("text", "reply", "media"));
        String text = V2RequestBody.optionalText(json, "text", "");
        text = text == null ? "" : text;
        Long replyTo = replyTo(json.path("reply"));
        List<Long> mediaIds = mediaIds(json.path("media"));
        if (text.isBlank() && mediaIds.isEmpty()) {
            throw V2Problem.invalidRequest("You must specify either text or media.");
        }
        if (TextComposer.weightedLength(text) > MAX_TWEET_WEIGHT) {
            throw V2Problem.invalidRequest("Your Tweet text is too long. For more information on how X determines"
                    + " text length see https://github.com/twitter/twitter-text.");
        }
        Tweet inReplyTo = replyTo == null ? null : store.tweet(replyTo).orElseThrow(() ->
                V2Problem.resourceNotFound("tweet", "in_reply_to_tweet_id", Long.toString(replyTo)));
        if (!text.isEmpty() && store.isDuplicate(user.id(), text)) {
            throw V2Problem.forbidden("You are not allowed to create a Tweet with duplicate content.");
        }
        if (mediaIds.stream().anyMatch(id -> !store.mediaUploads().attachable(user.id(), id))) {
            throw V2Problem.invalidRequest("Your media IDs are invalid.");
        }
        Tweet tweet = store.addTweet(user, text, inReplyTo, List.of(), mediaIds, true);
        activity.tweetCreated(tweet);
        ObjectNode data = TwitterJson.MAPPER.createObjectNode().put("id", Long.toString(tweet.id()))
                .put("text", tweet.content().text());
        data.putArray("edit_history_tweet_ids").add(Long.toString(tweet.id()));
        return V2Answer.created(data);
    }

    private static Long replyTo(JsonNode reply) {
        if (reply.isMissingNode() || reply.isNull()) {
            return null;
        }
        if (!reply.isObject()) {
            throw V2Problem.invalidRequest("$.reply: object expected");
        }
        V2RequestBody.allowOnly(reply, "reply.", Set.of("in_reply_to_tweet_id"));
        return V2RequestBody.parseId(reply.path("in_reply_to_tweet_id"), "reply.in_reply_to_tweet_id");
    }

    private static List<Long> mediaIds(JsonNode media) {
        if (media.isMissingNode() || media.isNull()) {
            return List.of();
        }
        if (!media.isObject()) {
            throw V2Problem.invalidRequest("$.media: object expected");
        }
        V2RequestBody.allowOnly(media, "media.", Set.of("media_ids"));
        List<Long> ids = V2RequestBody.ids(media.path("media_ids"), "media.media_ids", 4);
        if (ids.isEmpty()) {
            throw V2Problem.invalidRequest("$.media.media_ids: at least 1 id expected");
        }
        return ids;
    }
}
