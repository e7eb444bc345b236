package io.twitterhelpdesk.sandbox;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.twitterhelpdesk.sandbox.StoredRecords.Tweet;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Collects the objects a v2 answer's expansions reference and writes {@code includes} (users, media, tweets, each
 * once, in order of first reference) and, for deactivated users, the partial {@code errors} beside {@code data}.
 */
final class V2Includes {

    private final SandboxStore store;
    private final V2Fields.Selection selection;
    private final Set<Long> userIds = new LinkedHashSet<>();
    private final Map<String, MessageContent.MediaEntity> media = new LinkedHashMap<>();
    private final Map<Long, Tweet> tweets = new LinkedHashMap<>();

    V2Includes(SandboxStore store, V2Fields.Selection selection) {
        this.store = store;
        this.selection = selection;
    }

    void addUser(long userId) {
        userIds.add(userId);
    }

    void addMedia(MessageContent content) {
        content.media().forEach(m -> media.putIfAbsent(V2Json.mediaKey(m), m));
    }

    void addTweet(Tweet tweet) {
        tweets.putIfAbsent(tweet.id(), tweet);
    }

    /** Adds {@code includes} and {@code errors} to the answer when there is anything to include. */
    void writeTo(ObjectNode root) {
        ObjectNode includes = TwitterJson.MAPPER.createObjectNode();
        ArrayNode errors = TwitterJson.MAPPER.createArrayNode();
        ArrayNode users = TwitterJson.MAPPER.createArrayNode();
        for (long id : userIds) {
            store.findActiveUser(id).ifPresentOrElse(u -> users.add(V2Json.user(u, selection.user())),
                    () -> errors.add(V2Json.userNotFoundError(id)));
        }
        if (!users.isEmpty()) {
            includes.set("users", users);
        }
        if (!media.isEmpty()) {
            ArrayNode array = includes.putArray("media");
            media.values().forEach(m -> array.add(V2Json.media(m, selection.media())));
        }
        if (!tweets.isEmpty()) {
            ArrayNode array = includes.putArray("tweets");
            tweets.values().forEach(t -> array.add(V2Json.tweet(t, store.conversationId(t), selection.tweet())));
        }
        if (!includes.isEmpty()) {
            root.set("includes", includes);
        }
        if (!errors.isEmpty()) {
            root.set("errors", errors);
        }
    }
}
