package io.twitterhelpdesk.inbound;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

import com.fasterxml.jackson.databind.JsonNode;
import io.twitterhelpdesk.envelope.Envelope.CustomerRef;

/**
 * What differs between polling DMs and mentions over X API v2: the endpoint, its query (fields, expansions, page
 * size, cursor) and which field names the customer.
 */
enum V2Channel {

    /** {@code GET /2/dm_events}: newest first, no {@code since_id}: the scan stops at the cursor. */
    DM(PolledMessage.DM, "sender_id") {
        @Override
        String path(long accountId) {
            return "dm_events";
        }

        @Override
        Map<String, String> query(OptionalLong cursor, String paginationToken, int pageSize) {
            Map<String, String> q = new LinkedHashMap<>();
            q.put("event_types", "MessageCreate");
            q.put("dm_event.fields", "id,event_type,text,sender_id,dm_conversation_id,created_at,attachments,entities");
            q.put("expansions", "sender_id,attachments.media_keys");
            return common(q, paginationToken, pageSize);
        }

        @Override
        boolean accepts(JsonNode item) {
            return "MessageCreate".equals(item.path("event_type").asText("MessageCreate"));
        }
    },

    /** {@code GET /2/users/{id}/mentions} with {@code since_id} = the cursor. */
    MENTION(PolledMessage.MENTION, "author_id") {
        @Override
        String path(long accountId) {
            return "users/" + accountId + "/mentions";
        }

        @Override
        Map<String, String> query(OptionalLong cursor, String paginationToken, int pageSize) {
            Map<String, String> q = new LinkedHashMap<>();
            cursor.ifPresent(id -> q.put("since_id", Long.toString(id)));
            q.put("tweet.fields", "id,text,author_id,conversation_id,created_at,in_reply_to_user_id,"
                    + "referenced_tweets,entities,attachments");
            q.put("expansions", "author_id,attachments.media_keys");
            return common(q, paginationToken, pageSize);
        }

        @Override
        boolean accepts(JsonNode item) {
            return true;
        }
    };

    final String name;
    /** The field of an item holding the customer's (or the account's own) user id. */
    final String authorField;

    V2Channel(String name, String authorField) {
        this.name = name;
        this.authorField = authorField;
    }

    abstract String path(long accountId);

    abstract Map<String, String> query(OptionalLong cursor, String paginationToken, int pageSize);

    /** Whether an item of the answer is a message to deliver (DM events other than MessageCreate are not). */
    abstract boolean accepts(JsonNode item);

    /** Users and media expanded in the same request, the page size and the page token. */
    private static Map<String, String> common(Map<String, String> q, String paginationToken, int pageSize) {
        q.put("user.fields", "id,name,username");
        q.put("media.fields", "media_key,type,url,preview_image_url,variants,alt_text");
        q.put("max_results", Integer.toString(pageSize));
        if (paginationToken != null) {
            q.put("pagination_token", paginationToken);
        }
        return q;
    }

    PolledMessage message(String account, PolledMessage.V2Item item, String dropReason, CustomerRef customer) {
        return this == DM ? PolledMessage.v2DirectMessage(account, item, dropReason, customer, PolledMessage.POLL)
                : PolledMessage.v2Mention(account, item, dropReason, customer, PolledMessage.POLL);
    }
}
