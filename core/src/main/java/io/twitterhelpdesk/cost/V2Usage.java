package io.twitterhelpdesk.cost;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What one successful X API v2 call bills, read from its method, path (under {@code /2/}), request body and answer:
 * DM events and posts in {@code data} of a read, users of a user look-up, a post or DM created. Expansions
 * ({@code includes}) are not billed, nor media, webhooks and X Activity API management calls.
 */
final class V2Usage {

    /** A read's unit and resources, or a write's unit (no resources). */
    record Billed(BillableUnit unit, List<String> resourceIds) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern USER_POSTS = Pattern.compile(
            "users/[^/]+/(mentions|tweets|liked_tweets|timelines/.*)");
    private static final Pattern DM_EVENTS = Pattern.compile("dm_events(/.*)?|dm_conversations/.*dm_events");
    private static final Pattern DM_CREATE = Pattern.compile("dm_conversations(/.*)?/messages|dm_conversations");

    private V2Usage() {
    }

    static Optional<Billed> of(String method, String path, String requestJson, JsonNode answer) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        int query = p.indexOf('?');
        if (query >= 0) {
            p = p.substring(0, query);
        }
        if ("GET".equalsIgnoreCase(method)) {
            if (DM_EVENTS.matcher(p).matches()) {
                return Optional.of(new Billed(BillableUnit.DM_EVENT_READ, ids(answer)));
            }
            if (USER_POSTS.matcher(p).matches() || p.equals("tweets") || p.startsWith("tweets/")) {
                return Optional.of(new Billed(BillableUnit.POST_READ, ids(answer)));
            }
            if (p.equals("users") || p.startsWith("users/")) {
                return Optional.of(new Billed(BillableUnit.USER_READ, ids(answer)));
            }
            return Optional.empty();
        }
        if ("POST".equalsIgnoreCase(method)) {
            if (p.equals("tweets")) {
                return Optional.of(new Billed(BillableUnit.postCreate(text(requestJson)), List.of()));
            }
            if (DM_CREATE.matcher(p).matches()) {
                return Optional.of(new Billed(BillableUnit.DM_CREATE, List.of()));
            }
        }
        return Optional.empty();
    }

    /** The ids in {@code data}: an array of objects, or one object. */
    static List<String> ids(JsonNode answer) {
        JsonNode data = answer == null ? null : answer.path("data");
        List<String> ids = new ArrayList<>();
        if (data == null) {
            return ids;
        }
        if (data.isArray()) {
            data.forEach(item -> addId(ids, item));
        } else if (data.isObject()) {
            addId(ids, data);
        }
        return ids;
    }

    private static void addId(List<String> ids, JsonNode item) {
        JsonNode id = item.path("id");
        if (id.isTextual() || id.isNumber()) {
            ids.add(id.asText());
        }
    }

    private static String text(String requestJson) {
        if (requestJson == null) {
            return null;
        }
        try {
            return JSON.readTree(requestJson).path("text").asText(null);
        } catch (java.io.IOException e) {
            return null;
        }
    }
}
