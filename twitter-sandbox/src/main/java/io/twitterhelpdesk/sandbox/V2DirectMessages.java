package io.twitterhelpdesk.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.twitterhelpdesk.sandbox.StoredRecords.DmEvent;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/** {@code GET /2/dm_events} and {@code POST /2/dm_conversations/with/:participant_id/messages}. */
final class V2DirectMessages {

    static final int MAX_TEXT_LENGTH = 10_000;
    private static final String TOKEN_KIND = "dm_events";
    private static final Set<String> LIST_PARAMETERS = V2Query.names(V2Fields.DM_EVENT_FIELDS, "event_types",
            V2Fields.EXPANSIONS, "max_results", V2Fields.MEDIA_FIELDS, "pagination_token", V2Fields.TWEET_FIELDS,
            V2Fields.USER_FIELDS);

    private final SandboxStore store;
    private final AccountActivity activity;

    V2DirectMessages(SandboxStore store, AccountActivity activity) {
        this.store = store;
        this.activity = activity;
    }

    /** The user's DM events, sent and received, newest first. */
    V2Answer list(SandboxUser user, String rawQuery) {
        V2Query query = V2Query.parse(rawQuery, LIST_PARAMETERS);
        int maxResults = query.intValue("max_results", 100, 1, 100);
        V2Fields.Selection selection = V2Fields.select(query, V2Fields.DM_EXPANSIONS);
        String token = query.get("pagination_token");
        long from = token == null ? Long.MAX_VALUE : V2PaginationTokens.decode(TOKEN_KIND, user.id(), token);
        String eventTypes = query.get("event_types");
        List<DmEvent> events = eventTypes != null && !Arrays.asList(eventTypes.split(",")).contains("MessageCreate")
                ? List.of() : store.directMessagesOf(user.id()).stream().filter(e -> e.id() <= from).toList();

        ObjectNode root = TwitterJson.MAPPER.createObjectNode();
        List<DmEvent> page = events.subList(0, Math.min(maxResults, events.size()));
        if (!page.isEmpty()) {
            V2Includes includes = new V2Includes(store, selection);
            ArrayNode data = root.putArray("data");
            for (DmEvent event : page) {
                data.add(V2Json.dmEvent(event, selection.dmEvent()));
                if (selection.expands("sender_id")) {
                    includes.addUser(event.senderId());
                }
                if (selection.expands("participant_ids")) {
                    includes.addUser(Math.min(event.senderId(), event.recipientId()));
                    includes.addUser(Math.max(event.senderId(), event.recipientId()));
                }
                if (selection.expands("attachments.media_keys")) {
                    includes.addMedia(event.content());
                }
            }
            includes.writeTo(root);
        }
        ObjectNode meta = root.putObject("meta").put("result_count", page.size());
        if (events.size() > maxResults) {
            meta.put("next_token", V2PaginationTokens.encode(TOKEN_KIND, user.id(), events.get(maxResults).id()));
        }
        return V2Answer.ok(root);
    }

    /** Sends a DM to the participant; answers 201 with the conversation and event ids. */
    V2Answer send(SandboxUser sender, String participant, String mediaType, String body) {
        long participantId = V2Query.parseId("participant_id", participant);
        JsonNode json = V2RequestBody.parse(mediaType, body);
        V2RequestBody.allowOnly(json, "", Set.of("text", "attachments"));
        String text = V2RequestBody.optionalText(json, "text", "");
        List<Long> mediaIds = mediaIds(json.path("attachments"));
        if ((text == null || text.isEmpty()) && mediaIds.isEmpty()) {
            throw V2Problem.invalidRequest("One of text or attachments is required.");
        }
        text = text == null ? "" : text;
        if (text.codePointCount(0, text.length()) > MAX_TEXT_LENGTH) {
            throw V2Problem.invalidRequest("$.text: must be at most " + MAX_TEXT_LENGTH + " characters");
        }
        SandboxUser target = store.findActiveUser(participantId)
                .orElseThrow(() -> V2Problem.resourceNotFound("user", "participant_id", participant));
        if (!store.canDirectMessage(sender, target)) {
            throw V2Problem.forbidden("You are not permitted to send Direct Messages to this user.");
        }
        for (long mediaId : mediaIds) {
            if (!store.mediaUploads().attachable(sender.id(), mediaId)) {
                throw V2Problem.invalidRequest("$.attachments[0].media_id: " + mediaId + " is not a valid media id"
                        + " (unknown, expired, not processed or not uploaded by this user)");
            }
        }
        long appId = store.appIdOf(sender.id());
        DmEvent event = mediaIds.isEmpty()
                ? store.addDirectMessage(sender, target, text, List.of(), appId)
                : store.addDirectMessageWithMediaIds(sender, target, text, mediaIds, appId);
        activity.directMessageCreated(event);
        return V2Answer.created(TwitterJson.MAPPER.createObjectNode()
                .put("dm_conversation_id", V2Json.conversationId(sender.id(), target.id()))
                .put("dm_event_id", Long.toString(event.id())));
    }

    /** {@code attachments: [{"media_id": ".."}]}, at most one as on X. */
    private static List<Long> mediaIds(JsonNode attachments) {
        List<Long> ids = new ArrayList<>();
        if (attachments.isMissingNode() || attachments.isNull()) {
            return ids;
        }
        if (!attachments.isArray() || attachments.size() > 1) {
            throw V2Problem.invalidRequest("$.attachments: must be an array of at most 1 item");
        }
        for (JsonNode attachment : attachments) {
            if (!attachment.isObject()) {
                throw V2Problem.invalidRequest("$.attachments[0]: object expected");
            }
            V2RequestBody.allowOnly(attachment, "attachments[0].", Set.of("media_id"));
            ids.add(V2RequestBody.parseId(attachment.path("media_id"), "attachments[0].media_id"));
        }
        return ids;
    }
}
