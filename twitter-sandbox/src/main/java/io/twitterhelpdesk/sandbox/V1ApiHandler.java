package io.twitterhelpdesk.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.twitterhelpdesk.sandbox.OAuth1Verifier.Param;
import io.twitterhelpdesk.sandbox.StoredRecords.AccessToken;
import io.twitterhelpdesk.sandbox.StoredRecords.DmEvent;
import io.twitterhelpdesk.sandbox.StoredRecords.Tweet;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/** Serves the Twitter API v1.1 endpoints under {@code /1.1/}: OAuth check, faults, rate limits, then the call. */
final class V1ApiHandler implements HttpHandler {

    private static final int MAX_DM_LENGTH = 10_000;
    private static final int MAX_TWEET_WEIGHT = 280;

    private final SandboxStore store;
    private final OAuth1Verifier verifier;
    private final RateLimiter rateLimiter;
    private final FaultInjector faults;
    private final AccountActivity activity;
    private final RequestCounts requestCounts;
    private final V1Media media;

    private final DmMediaDownloads dmMedia;
    private final UsageCharges usage;

    V1ApiHandler(SandboxStore store, RateLimiter rateLimiter, FaultInjector faults, AccountActivity activity,
                 RequestCounts requestCounts, UsageCharges usage) {
        this.store = store;
        this.usage = usage;
        this.requestCounts = requestCounts;
        this.dmMedia = new DmMediaDownloads(store);
        this.media = new V1Media(store.mediaUploads());
        this.verifier = new OAuth1Verifier(store.clock(), store::consumerSecret, store::accessToken);
        this.rateLimiter = rateLimiter;
        this.faults = faults;
        this.activity = activity;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try {
            SandboxEndpoint endpoint = SandboxEndpoint.of(exchange.getRequestMethod(),
                    exchange.getRequestURI().getRawPath()).filter(e -> !e.v2()).orElseThrow(ApiError::notFound);
            requestCounts.increment(endpoint);
            Optional<FaultInjector.Fault> fault = faults.take(endpoint);
            if (fault.isPresent()) {
                HttpExchanges.sendFault(exchange, endpoint, fault.get());
                return;
            }
            byte[] raw = HttpExchanges.readBytes(exchange, endpoint.maxBodyBytes());
            String body = new String(raw, StandardCharsets.UTF_8);
            List<Param> params = new ArrayList<>(OAuth1Verifier.decodeForm(exchange.getRequestURI().getRawQuery()));
            boolean form = HttpExchanges.mediaType(exchange).equals("application/x-www-form-urlencoded");
            if (form) {
                params.addAll(OAuth1Verifier.decodeForm(body));
            }
            AccessToken token = verifier.verify(exchange.getRequestMethod(), HttpExchanges.baseUrl(exchange), params,
                    exchange.getRequestHeaders().getFirst("Authorization"));
            RateLimiter.Status rate = rateLimiter.acquire(token.userId(), endpoint);
            HttpExchanges.setRateLimitHeaders(exchange, rate);
            if (!rate.allowed()) {
                throw new ApiError(429, 88, "Rate limit exceeded");
            }
            if (store.isRevoked(token.userId())) {
                throw new ApiError(401, 89, "Invalid or expired token.");
            }
            SandboxUser user = store.findUser(token.userId()).orElseThrow(ApiError::unauthorized);
            if (endpoint == SandboxEndpoint.DM_MEDIA) {
                serveMedia(exchange, user, endpoint);
                return;
            }
            Params parameters = new Params(params);
            Object answer = endpoint == SandboxEndpoint.MEDIA_UPLOAD || endpoint == SandboxEndpoint.MEDIA_UPLOAD_STATUS
                    ? media.handle(user, params, exchange.getRequestHeaders().getFirst("Content-Type"), raw)
                    : dispatch(endpoint, user, parameters, body, form);
            usage.v1Answer(endpoint, token, answer, parameters.get("status"));
            if (answer == null) {
                // media/upload.json APPEND: 204 No Content, as X answers it
                exchange.sendResponseHeaders(204, -1);
                exchange.close();
                return;
            }
            HttpExchanges.send(exchange, 200, TwitterJson.write(answer));
        } catch (ApiError e) {
            HttpExchanges.send(exchange, e.status, TwitterJson.write(TwitterJson.error(e.code, e.getMessage())));
        } catch (HttpExchanges.BodyTooLarge e) {
            HttpExchanges.send(exchange, 413, TwitterJson.write(TwitterJson.error(413, e.getMessage())));
        } catch (RuntimeException e) {
            HttpExchanges.send(exchange, 500, TwitterJson.write(TwitterJson.error(131, "Internal error")));
        }
    }

    private void serveMedia(HttpExchange exchange, SandboxUser user, SandboxEndpoint endpoint) throws IOException {
        try {
            dmMedia.serve(exchange, user, endpoint.pathParameters(exchange.getRequestURI().getRawPath()));
        } catch (DmMediaDownloads.NotParticipant e) {
            throw new ApiError(403, 200, "Forbidden.");
        } catch (DmMediaDownloads.NoSuchMedia e) {
            throw ApiError.notFound();
        }
    }

    private Object dispatch(SandboxEndpoint endpoint, SandboxUser user, Params params, String body, boolean form) {
        return switch (endpoint) {
            case DM_LIST -> listDirectMessages(user, params);
            case DM_NEW -> newDirectMessage(user, body, form);
            case MENTIONS -> mentions(user, params);
            case STATUS_UPDATE -> updateStatus(user, params);
            case USERS_SHOW -> TwitterJson.user(showUser(params));
            case USERS_LOOKUP -> TwitterJson.users(lookupUsers(params));
            case VERIFY_CREDENTIALS -> TwitterJson.user(user);
            case ACCOUNT_SETTINGS -> TwitterJson.accountSettings(user);
            case FRIENDSHIPS_SHOW -> friendship(params);
            default -> throw ApiError.notFound();
        };
    }

    private Object listDirectMessages(SandboxUser user, Params params) {
        int count = params.intValue("count", 20, 1, 50);
        List<DmEvent> events = store.directMessagesOf(user.id());
        String cursor = params.get("cursor");
        if (cursor != null && !cursor.isEmpty()) {
            long from = decodeCursor(cursor);
            events = events.stream().filter(e -> e.id() <= from).toList();
        }
        List<DmEvent> page = events.subList(0, Math.min(count, events.size()));
        String next = events.size() > count ? encodeCursor(events.get(count).id()) : null;
        requestCounts.dmListPageServed(cursor);
        return TwitterJson.directMessageEvents(page, next);
    }

    private Object newDirectMessage(SandboxUser sender, String body, boolean form) {
        if (form) {
            throw new ApiError(415, 214, "Content-Type must be application/json.");
        }
        JsonNode create;
        try {
            create = TwitterJson.MAPPER.readTree(body).path("event");
        } catch (IOException e) {
            throw new ApiError(400, 214, "Request body is not valid JSON.");
        }
        if (!"message_create".equals(create.path("type").asText())) {
            throw new ApiError(400, 214, "event.type: must be message_create.");
        }
        JsonNode recipient = create.path("message_create").path("target").path("recipient_id");
        JsonNode data = create.path("message_create").path("message_data");
        if (!recipient.isValueNode() || !recipient.asText().matches("\\d{1,19}")) {
            throw new ApiError(400, 214, "event.message_create.target.recipient_id: required numeric id.");
        }
        List<Long> mediaIds = attachment(sender, data.path("attachment"));
        String text = data.path("text").isTextual() ? data.path("text").asText() : "";
        if (text.isEmpty() && mediaIds.isEmpty()) {
            throw new ApiError(400, 214, "event.message_create.message_data: Text or attachment is required.");
        }
        if (text.codePointCount(0, text.length()) > MAX_DM_LENGTH) {
            throw new ApiError(403, 354, "The text of your direct message is over the max character limit.");
        }
        SandboxUser target = store.findActiveUser(Long.parseLong(recipient.asText()))
                .orElseThrow(ApiError::userNotFound);
        if (!store.canDirectMessage(sender, target)) {
            throw new ApiError(403, 349, "You cannot send messages to this user.");
        }
        DmEvent event = mediaIds.isEmpty()
                ? store.addDirectMessage(sender, target, text, List.of(), store.appIdOf(sender.id()))
                : store.addDirectMessageWithMediaIds(sender, target, text, mediaIds, store.appIdOf(sender.id()));
        activity.directMessageCreated(event);
        var root = TwitterJson.MAPPER.createObjectNode();
        root.set("event", TwitterJson.directMessageEvent(event));
        return root;
    }

    /** {@code attachment: {"type":"media","media":{"id":..}}}: a media id the sender uploaded, not expired. */
    private List<Long> attachment(SandboxUser sender, JsonNode attachment) {
        if (attachment.isMissingNode() || attachment.isNull()) {
            return List.of();
        }
        JsonNode id = attachment.path("media").path("id");
        if (!"media".equals(attachment.path("type").asText()) || !id.isValueNode()
                || !id.asText().matches("\\d{1,19}")) {
            throw new ApiError(400, 214, "event.message_create.message_data.attachment: type media with media.id.");
        }
        return List.of(attachable(sender, Long.parseLong(id.asText())));
    }

    private long attachable(SandboxUser user, long mediaId) {
        if (!store.mediaUploads().attachable(user.id(), mediaId)) {
            throw new ApiError(400, 324, "Media id " + mediaId + " not found or expired.");
        }
        return mediaId;
    }

    private Object mentions(SandboxUser user, Params params) {
        int count = params.intValue("count", 20, 1, 200);
        long sinceId = params.longValue("since_id", 0);
        long maxId = params.longValue("max_id", Long.MAX_VALUE);
        List<Tweet> tweets = store.mentionsOf(user.id()).stream()
                .filter(t -> t.id() > sinceId && t.id() <= maxId).limit(count).toList();
        return TwitterJson.statuses(tweets, this::userById);
    }

    private Object updateStatus(SandboxUser user, Params params) {
        String text = params.get("status");
        if (text == null || text.isBlank()) {
            throw new ApiError(403, 170, "Missing required parameter: status.");
        }
        if (TextComposer.weightedLength(text) > MAX_TWEET_WEIGHT) {
            throw new ApiError(403, 186, "Tweet needs to be a bit shorter.");
        }
        Tweet inReplyTo = null;
        String replyTo = params.get("in_reply_to_status_id");
        if (replyTo != null && !replyTo.isEmpty()) {
            long replyToId = parseLong(replyTo, "in_reply_to_status_id");
            inReplyTo = store.tweet(replyToId).orElseThrow(() -> new ApiError(403, 385,
                    "You attempted to reply to a Tweet that is deleted or not visible to you."));
            boolean autoPopulate = "true".equalsIgnoreCase(params.get("auto_populate_reply_metadata"));
            SandboxUser author = userById(inReplyTo.userId());
            boolean mentionsAuthor = TextComposer.mentionedScreenNames(text).stream()
                    .anyMatch(s -> s.equalsIgnoreCase(author.screenName()));
            if (!autoPopulate && !mentionsAuthor) {
                inReplyTo = null;
            }
        }
        if (store.isDuplicate(user.id(), text)) {
            throw new ApiError(403, 187, "Status is a duplicate.");
        }
        List<Long> mediaIds = new ArrayList<>();
        String media = params.get("media_ids");
        if (media != null && !media.isBlank()) {
            Arrays.stream(media.split(",")).map(String::trim)
                    .forEach(id -> mediaIds.add(attachable(user, parseLong(id, "media_ids"))));
        }
        Tweet tweet = store.addTweet(user, text, inReplyTo, List.of(), mediaIds, true);
        activity.tweetCreated(tweet);
        return TwitterJson.status(tweet, this::userById);
    }

    private SandboxUser showUser(Params params) {
        String screenName = params.get("screen_name");
        String userId = params.get("user_id");
        if (screenName != null) {
            return store.findActiveUser(screenName).orElseThrow(ApiError::userNotFound);
        }
        if (userId != null) {
            return store.findActiveUser(parseLong(userId, "user_id")).orElseThrow(ApiError::userNotFound);
        }
        throw new ApiError(400, 38, "screen_name or user_id parameter is missing.");
    }

    /** {@code friendships/show}: by {@code source_id}/{@code target_id} or the screen names. */
    private Object friendship(Params params) {
        SandboxUser source = party(params, "source");
        SandboxUser target = party(params, "target");
        return TwitterJson.relationship(source, target, store.follows(source.id(), target.id()),
                store.follows(target.id(), source.id()), store.canDirectMessage(source, target),
                store.canDirectMessage(target, source));
    }

    private SandboxUser party(Params params, String role) {
        String id = params.get(role + "_id");
        String screenName = params.get(role + "_screen_name");
        if (id != null && !id.isEmpty()) {
            return store.findActiveUser(parseLong(id, role + "_id")).orElseThrow(() -> userNotFoundFor(role));
        }
        if (screenName != null && !screenName.isEmpty()) {
            return store.findActiveUser(screenName).orElseThrow(() -> userNotFoundFor(role));
        }
        throw new ApiError(400, 38, role + "_id or " + role + "_screen_name parameter is missing.");
    }

    private static ApiError userNotFoundFor(String role) {
        return new ApiError(404, 50, "User not found.");
    }

    private List<SandboxUser> lookupUsers(Params params) {
        List<SandboxUser> found = new ArrayList<>();
        String ids = params.get("user_id");
        String names = params.get("screen_name");
        if (ids == null && names == null) {
            throw new ApiError(400, 38, "screen_name or user_id parameter is missing.");
        }
        if (ids != null) {
            Arrays.stream(ids.split(",")).map(String::trim).filter(s -> !s.isEmpty()).limit(100)
                    .forEach(id -> store.findActiveUser(parseLong(id, "user_id")).ifPresent(found::add));
        }
        if (names != null) {
            Arrays.stream(names.split(",")).map(String::trim).filter(s -> !s.isEmpty()).limit(100)
                    .forEach(name -> store.findActiveUser(name).ifPresent(found::add));
        }
        if (found.isEmpty()) {
            throw new ApiError(404, 17, "No user matches for specified terms.");
        }
        return found.stream().distinct().toList();
    }

    private SandboxUser userById(long id) {
        return store.findUser(id).orElseThrow(() -> new IllegalStateException("no user " + id));
    }

    private static String encodeCursor(long id) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("dm:" + id).getBytes(StandardCharsets.UTF_8));
    }

    private static long decodeCursor(String cursor) {
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (decoded.startsWith("dm:")) {
                return Long.parseLong(decoded.substring(3));
            }
        } catch (IllegalArgumentException e) {
            // falls through to the error below
        }
        throw new ApiError(400, 44, "cursor parameter is invalid.");
    }

    private static long parseLong(String value, String name) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new ApiError(400, 44, name + " parameter is invalid.");
        }
    }

    /** Request parameters by name (first value wins). */
    private record Params(List<Param> list) {

        String get(String name) {
            return list.stream().filter(p -> p.name().equals(name)).map(Param::value).findFirst().orElse(null);
        }

        int intValue(String name, int defaultValue, int min, int max) {
            String value = get(name);
            if (value == null || value.isEmpty()) {
                return defaultValue;
            }
            return (int) Math.max(min, Math.min(max, parseLong(value, name)));
        }

        long longValue(String name, long defaultValue) {
            String value = get(name);
            return value == null || value.isEmpty() ? defaultValue : parseLong(value, name);
        }
    }
}
