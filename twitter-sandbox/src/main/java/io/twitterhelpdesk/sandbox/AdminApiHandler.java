package io.twitterhelpdesk.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The sandbox admin API (JSON, no auth, separate port): inject customer DMs and mentions, read what accounts sent,
 * list users, queue faults, register the Account Activity webhook, issue OAuth 2.0 tokens, steer the X Activity API
 * (streams, V2 webhooks, app revocation, the AAA cutoff) and clear state.
 *
 * <ul>
 *   <li>{@code POST /sandbox/dms} {@code {"from","to","text","media"?:[{"type","url","altText"?}]}} &rarr; 201; a media
 *   item {@code {"type"?,"contentType","data": base64,"altText"?}} instead attaches a file the sandbox serves to the
 *   DM's participants
 *       {@code {"id","sender_id","recipient_id"}}</li>
 *   <li>{@code POST /sandbox/mentions} {@code {"from","text","inReplyTo"?,"media"?}} &rarr; 201
 *       {@code {"id","user_id","text"}}</li>
 *   <li>{@code GET /sandbox/sent} &rarr; {@code {"directMessages":[..],"tweets":[..]}} (v1.1 and v2 sends), each with
 *       {@code mediaIds} and {@code media: [{"mediaId","contentType","size","sha256"}]} for the files it carries</li>
 *   <li>{@code GET /sandbox/media/{id}} &rarr; 200 the stored bytes of an upload (or injected DM attachment) with
 *       their content type; 404 for an unknown id</li>
 *   <li>{@code GET /sandbox/users}; {@code POST /sandbox/users} {@code {"screenName","name"?}} &rarr; 201</li>
 *   <li>{@code POST /sandbox/users/{screenName}/deactivate} &rarr; 204: the user disappears from v1.1 user lookups
 *       and v2 {@code includes} (partial errors); their messages stay</li>
 *   <li>{@code PUT /sandbox/users/{screenName}/dm-settings} {@code {"allowDmsFrom":"all"|"following"}} &rarr; 200
 *       the user: who may DM them (v1.1 {@code account/settings} {@code allow_dms_from})</li>
 *   <li>{@code POST|DELETE /sandbox/follows} {@code {"follower","followed"}} &rarr; 204: follow or unfollow (a user
 *       who follows an account accepts its DMs whatever their setting)</li>
 *   <li>{@code POST /sandbox/users/{screenName}/revoke} and {@code .../restore} &rarr; 204: the account's credentials
 *       are refused with 401 (v1.1 code 89, v2 Unauthorized) until restored</li>
 *   <li>{@code POST /sandbox/faults} {@code {"endpoint","status","body"?,"times"?}} or
 *       {@code {"endpoint","rateLimitReset","times"?}} &rarr; 204; endpoint keys as in {@link SandboxEndpoint}
 *       (v1.1 {@code dm_list} .., v2 {@code v2_dm_events} ..)</li>
 *   <li>{@code POST /sandbox/oauth2/clients} {@code {"clientId","clientSecret"?}} &rarr; 201 (no secret: a public
 *       client)</li>
 *   <li>{@code POST /sandbox/oauth2/tokens} {@code {"screenName","clientId","ttlSeconds"?}} &rarr; 201
 *       {@code {"accessToken","refreshToken","accessTokenExpiresAt"}} (ISO-8601), as if the account authorised the
 *       client</li>
 *   <li>{@code POST /sandbox/oauth2/expire} &rarr; 204: every access token issued so far expires now</li>
 *   <li>{@code POST|PUT|GET|DELETE /sandbox/webhooks}: register (CRC check), re-check, show, forget the webhook</li>
 *   <li>{@code POST /sandbox/users/{screenName}/revoke-app} &rarr; 204: the account's user revokes the app
 *       ({@code oauth.revoke} events, then its credentials are refused)</li>
 *   <li>{@code PUT /sandbox/account-activity/cutoff} {@code {"cutoff":"2027-01-01T00:00:00Z"|null}} &rarr; 204: from
 *       then on the Account Activity webhook gets nothing and cannot be registered; null lifts it</li>
 *   <li>{@code GET /sandbox/activity} &rarr; {@code {"openStreams","pendingDeliveries","subscriptions":[..],
 *       "webhooks":[..],"events":[..],"deliveries":[..],"replayJobs":[..]}} (X Activity API state)</li>
 *   <li>{@code PUT /sandbox/activity/streams/keep-alive} {@code {"millis"}} &rarr; 204: keep-alive interval</li>
 *   <li>{@code POST /sandbox/activity/streams/disconnect}, {@code .../stall} &rarr; 204: end every open stream
 *       (after an operational-disconnect error line) / make them silent</li>
 *   <li>{@code POST /sandbox/activity/streams/raw} {@code {"line"}} &rarr; 204: the line as it is on every open
 *       stream</li>
 *   <li>{@code POST /sandbox/activity/webhooks/raw} with any body &rarr; 200 {@code {"status"}}: the body, signed,
 *       to the first V2 webhook now (409 without one)</li>
 *   <li>{@code GET /sandbox/usage?day=YYYY-MM-DD} &rarr; {@code {"day","rows":[{"app","account_id","unit","units",
 *       "cost_usd"}],"total_usd"}}: what X would bill for the UTC day (default: the billing clock's day), rows
 *       sorted by app, account_id, unit; {@code DELETE /sandbox/usage} &rarr; 204 clears it</li>
 *   <li>{@code GET|PUT /sandbox/usage/rates} {@code {"dm_event_read":0.01,..}} &rarr; 200 the rates (USD per
 *       unit)</li>
 *   <li>{@code GET|POST /sandbox/clock} {@code {"now":"2026-12-06T23:59:59Z"|null}} &rarr; 200
 *       {@code {"now","set"}}: the instant billing takes as now, standing still until set again (null: the system
 *       clock)</li>
 *   <li>{@code DELETE /sandbox/state} &rarr; 204: {@link TwitterSandbox#reset()}</li>
 * </ul>
 * Bad input answers 400 {@code {"error":".."}}, an unknown route 404, a body over 1 MiB 413.
 */
final class AdminApiHandler implements HttpHandler {

    private static final Pattern DEACTIVATE = Pattern.compile("POST /sandbox/users/([^/]+)/deactivate");
    private static final Pattern CREDENTIALS = Pattern.compile("POST /sandbox/users/([^/]+)/(revoke|restore)");
    private static final Pattern DM_SETTINGS = Pattern.compile("PUT /sandbox/users/([^/]+)/dm-settings");
    private static final Pattern REVOKE_APP = Pattern.compile("POST /sandbox/users/([^/]+)/revoke-app");
    private static final Pattern MEDIA = Pattern.compile("GET /sandbox/media/([0-9]{1,19})");

    private final TwitterSandbox sandbox;
    private final UsageAdminApi usage;

    AdminApiHandler(TwitterSandbox sandbox) {
        this.sandbox = sandbox;
        this.usage = new UsageAdminApi(sandbox);
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        String route = exchange.getRequestMethod().toUpperCase() + " " + exchange.getRequestURI().getPath();
        try {
            switch (route) {
                case "POST /sandbox/dms" -> HttpExchanges.send(exchange, 201, TwitterJson.write(injectDm(body(exchange))));
                case "POST /sandbox/mentions" ->
                        HttpExchanges.send(exchange, 201, TwitterJson.write(injectMention(body(exchange))));
                case "GET /sandbox/sent" -> HttpExchanges.send(exchange, 200, TwitterJson.write(sent()));
                case "GET /sandbox/users" -> HttpExchanges.send(exchange, 200, TwitterJson.write(users()));
                case "POST /sandbox/users" -> HttpExchanges.send(exchange, 201, TwitterJson.write(createUser(body(exchange))));
                case "POST /sandbox/faults" -> {
                    addFault(body(exchange));
                    HttpExchanges.send(exchange, 204, "");
                }
                case "POST /sandbox/webhooks" -> registerWebhook(exchange, body(exchange));
                case "PUT /sandbox/webhooks" -> recheckWebhook(exchange);
                case "GET /sandbox/webhooks" -> HttpExchanges.send(exchange, 200, TwitterJson.write(webhooks()));
                case "DELETE /sandbox/webhooks" -> {
                    sandbox.unregisterWebhook();
                    HttpExchanges.send(exchange, 204, "");
                }
                case "POST /sandbox/follows", "DELETE /sandbox/follows" -> {
                    JsonNode follow = body(exchange);
                    if (route.startsWith("POST")) {
                        sandbox.follow(required(follow, "follower"), required(follow, "followed"));
                    } else {
                        sandbox.unfollow(required(follow, "follower"), required(follow, "followed"));
                    }
                    HttpExchanges.send(exchange, 204, "");
                }
                case "DELETE /sandbox/state" -> {
                    sandbox.reset();
                    HttpExchanges.send(exchange, 204, "");
                }
                case "POST /sandbox/oauth2/clients" ->
                        HttpExchanges.send(exchange, 201, TwitterJson.write(registerOAuth2Client(body(exchange))));
                case "POST /sandbox/oauth2/tokens" ->
                        HttpExchanges.send(exchange, 201, TwitterJson.write(issueOAuth2Tokens(body(exchange))));
                case "GET /sandbox/activity" -> HttpExchanges.send(exchange, 200, TwitterJson.write(activity()));
                case "PUT /sandbox/activity/streams/keep-alive" -> {
                    JsonNode millis = body(exchange).path("millis");
                    if (!millis.canConvertToLong()) {
                        throw new IllegalArgumentException("field 'millis' (number) is required");
                    }
                    sandbox.setActivityKeepAliveInterval(Duration.ofMillis(millis.asLong()));
                    HttpExchanges.send(exchange, 204, "");
                }
                case "POST /sandbox/activity/streams/disconnect" -> {
                    sandbox.disconnectActivityStreams();
                    HttpExchanges.send(exchange, 204, "");
                }
                case "POST /sandbox/activity/streams/stall" -> {
                    sandbox.stallActivityStreams();
                    HttpExchanges.send(exchange, 204, "");
                }
                case "POST /sandbox/activity/streams/raw" -> {
                    sandbox.emitRawActivityLine(required(body(exchange), "line"));
                    HttpExchanges.send(exchange, 204, "");
                }
                case "POST /sandbox/activity/webhooks/raw" -> pushRawActivity(exchange);
                case "PUT /sandbox/account-activity/cutoff" -> {
                    JsonNode cutoff = body(exchange).path("cutoff");
                    if (!cutoff.isNull() && !cutoff.isTextual()) {
                        throw new IllegalArgumentException("field 'cutoff' must be an ISO-8601 instant or null");
                    }
                    sandbox.refuseAccountActivityAfter(cutoff.isNull() ? null : Instant.parse(cutoff.asText()));
                    HttpExchanges.send(exchange, 204, "");
                }
                case "GET /sandbox/usage" -> HttpExchanges.send(exchange, 200,
                        TwitterJson.write(usage.usage(exchange.getRequestURI().getRawQuery())));
                case "DELETE /sandbox/usage" -> {
                    sandbox.clearUsage();
                    HttpExchanges.send(exchange, 204, "");
                }
                case "GET /sandbox/usage/rates" -> HttpExchanges.send(exchange, 200, TwitterJson.write(usage.rates()));
                case "PUT /sandbox/usage/rates" ->
                        HttpExchanges.send(exchange, 200, TwitterJson.write(usage.setRates(body(exchange))));
                case "GET /sandbox/clock" -> HttpExchanges.send(exchange, 200, TwitterJson.write(usage.clock()));
                case "POST /sandbox/clock" ->
                        HttpExchanges.send(exchange, 200, TwitterJson.write(usage.setClock(body(exchange))));
                case "POST /sandbox/oauth2/expire" -> {
                    sandbox.expireOAuth2AccessTokens();
                    HttpExchanges.send(exchange, 204, "");
                }
                default -> {
                    Matcher deactivate = DEACTIVATE.matcher(route);
                    Matcher credentials = CREDENTIALS.matcher(route);
                    Matcher dmSettings = DM_SETTINGS.matcher(route);
                    Matcher revokeApp = REVOKE_APP.matcher(route);
                    Matcher media = MEDIA.matcher(route);
                    if (media.matches()) {
                        var file = sandbox.mediaFile(Long.parseLong(media.group(1)));
                        if (file.isPresent()) {
                            HttpExchanges.sendBytes(exchange, file.get().contentType(), file.get().bytes());
                        } else {
                            HttpExchanges.send(exchange, 404, error("no media " + media.group(1)));
                        }
                    } else if (revokeApp.matches()) {
                        sandbox.revokeApp(revokeApp.group(1));
                        HttpExchanges.send(exchange, 204, "");
                    } else if (deactivate.matches()) {
                        sandbox.deactivateUser(deactivate.group(1));
                        HttpExchanges.send(exchange, 204, "");
                    } else if (credentials.matches()) {
                        if (credentials.group(2).equals("revoke")) {
                            sandbox.revokeCredentials(credentials.group(1));
                        } else {
                            sandbox.restoreCredentials(credentials.group(1));
                        }
                        HttpExchanges.send(exchange, 204, "");
                    } else if (dmSettings.matches()) {
                        HttpExchanges.send(exchange, 200,
                                TwitterJson.write(setDmSettings(dmSettings.group(1), body(exchange))));
                    } else {
                        HttpExchanges.send(exchange, 404, error("no such admin route: " + route));
                    }
                }
            }
        } catch (HttpExchanges.BodyTooLarge e) {
            HttpExchanges.send(exchange, 413, error(e.getMessage()));
        } catch (JsonProcessingException e) {
            HttpExchanges.send(exchange, 400, error("invalid JSON: " + e.getOriginalMessage()));
        } catch (java.time.format.DateTimeParseException e) {
            HttpExchanges.send(exchange, 400, error("not an ISO-8601 instant: " + e.getParsedString()));
        } catch (IllegalArgumentException e) {
            HttpExchanges.send(exchange, 400, error(e.getMessage()));
        } catch (RuntimeException e) {
            HttpExchanges.send(exchange, 500, error("internal error: " + e));
        }
    }

    private static JsonNode body(HttpExchange exchange) throws IOException {
        JsonNode node = TwitterJson.MAPPER.readTree(HttpExchanges.readBody(exchange));
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("request body must be a JSON object");
        }
        return node;
    }

    private ObjectNode injectDm(JsonNode body) {
        java.util.Optional<AttachedFile> file = attachedFile(body);
        DirectMessageRef ref = file.isPresent()
                ? sandbox.injectDirectMessageWithFile(required(body, "from"), required(body, "to"),
                        required(body, "text"), file.get())
                : sandbox.injectDirectMessage(required(body, "from"), required(body, "to"), required(body, "text"),
                        media(body));
        return TwitterJson.MAPPER.createObjectNode().put("id", Long.toString(ref.id()))
                .put("sender_id", Long.toString(ref.senderId())).put("recipient_id", Long.toString(ref.recipientId()));
    }

    private ObjectNode injectMention(JsonNode body) {
        JsonNode inReplyTo = body.path("inReplyTo");
        Long replyId = null;
        if (!inReplyTo.isMissingNode() && !inReplyTo.isNull()) {
            if (!inReplyTo.asText().matches("\\d{1,19}")) {
                throw new IllegalArgumentException("inReplyTo must be a tweet id");
            }
            replyId = Long.parseLong(inReplyTo.asText());
        }
        TweetRef ref = sandbox.injectMention(required(body, "from"), required(body, "text"), replyId, media(body));
        return TwitterJson.MAPPER.createObjectNode().put("id", Long.toString(ref.id()))
                .put("user_id", Long.toString(ref.userId())).put("text", ref.text());
    }

    private void registerWebhook(HttpExchange exchange, JsonNode body) throws IOException {
        String url = required(body, "url");
        if (sandbox.webhook().isPresent()) {
            HttpExchanges.send(exchange, 409, error("a webhook is already registered; DELETE /sandbox/webhooks first"));
            return;
        }
        try {
            sandbox.registerWebhook(url);
        } catch (IllegalStateException e) {
            HttpExchanges.send(exchange, 400, error(e.getMessage()));
            return;
        }
        HttpExchanges.send(exchange, 201, TwitterJson.write(webhookJson()));
    }

    private void recheckWebhook(HttpExchange exchange) throws IOException {
        if (sandbox.webhook().isEmpty()) {
            HttpExchanges.send(exchange, 404, error("no webhook registered"));
            return;
        }
        sandbox.triggerCrc();
        HttpExchanges.send(exchange, 200, TwitterJson.write(webhookJson()));
    }

    private ObjectNode webhooks() {
        ObjectNode root = TwitterJson.MAPPER.createObjectNode();
        root.set("webhook", webhookJson());
        root.put("pending", sandbox.pendingWebhookDeliveries());
        ArrayNode deliveries = root.putArray("deliveries");
        sandbox.webhookDeliveries().forEach(d -> deliveries.addObject().put("eventType", d.eventType())
                .put("forUserId", Long.toString(d.forUserId())).put("attempt", d.attempt())
                .put("httpStatus", d.httpStatus()).put("body", d.body()));
        return root;
    }

    /** The registration as JSON, or a JSON null without one. */
    private JsonNode webhookJson() {
        return sandbox.webhook().<JsonNode>map(w -> TwitterJson.MAPPER.createObjectNode().put("url", w.url())
                        .put("valid", w.valid()).put("registeredAt", w.registeredAt().toString()))
                .orElse(TwitterJson.MAPPER.nullNode());
    }

    private void pushRawActivity(HttpExchange exchange) throws IOException {
        String raw = HttpExchanges.readBody(exchange);
        int status;
        try {
            status = sandbox.pushRawActivity(raw);
        } catch (IllegalStateException e) {
            HttpExchanges.send(exchange, 409, error(e.getMessage()));
            return;
        }
        HttpExchanges.send(exchange, 200, TwitterJson.write(TwitterJson.MAPPER.createObjectNode().put("status", status)));
    }

    /** The X Activity API state, with the sandbox's own field names (camelCase) around X's objects. */
    private ObjectNode activity() {
        ObjectNode root = TwitterJson.MAPPER.createObjectNode();
        root.put("openStreams", sandbox.openActivityStreams());
        root.put("pendingDeliveries", sandbox.pendingActivityWebhookDeliveries());
        ArrayNode subscriptions = root.putArray("subscriptions");
        sandbox.activitySubscriptions().forEach(s -> subscriptions.add(ActivityJson.subscription(s)
                .put("appId", Long.toString(s.appId()))));
        ArrayNode webhooks = root.putArray("webhooks");
        sandbox.activityWebhooks().forEach(w -> webhooks.add(ActivityJson.webhook(w)
                .put("appId", Long.toString(w.appId()))));
        ArrayNode events = root.putArray("events");
        sandbox.activityEvents().forEach(e -> events.addObject().put("eventUuid", e.eventUuid())
                .put("eventType", e.eventType()).put("userId", e.userId()).put("subscriptionId", e.subscriptionId())
                .put("webhookId", e.webhookId()).put("createdAt", e.createdAt().toString()));
        ArrayNode deliveries = root.putArray("deliveries");
        sandbox.activityWebhookDeliveries().forEach(d -> deliveries.addObject().put("webhookId", d.webhookId())
                .put("eventUuid", d.eventUuid()).put("eventType", d.eventType()).put("attempt", d.attempt())
                .put("httpStatus", d.httpStatus()).put("replay", d.replay()).put("body", d.body()));
        ArrayNode jobs = root.putArray("replayJobs");
        sandbox.replayJobs().forEach(j -> jobs.addObject().put("jobId", j.jobId()).put("webhookId", j.webhookId())
                .put("from", j.from().toString()).put("to", j.to().toString()).put("eventCount", j.eventCount())
                .put("state", j.state()).put("createdAt", j.createdAt().toString()));
        return root;
    }

    private ObjectNode createUser(JsonNode body) {
        String screenName = required(body, "screenName");
        SandboxUser user = sandbox.createUser(screenName, body.path("name").asText(screenName));
        return userJson(user);
    }

    /** {@code {"allowDmsFrom":"all"|"following"}}: the user's DM setting. */
    private ObjectNode setDmSettings(String screenName, JsonNode body) {
        String allow = required(body, "allowDmsFrom");
        if (!allow.equals("all") && !allow.equals("following")) {
            throw new IllegalArgumentException("allowDmsFrom must be \"all\" or \"following\", not \"" + allow + "\"");
        }
        sandbox.setAcceptsDirectMessages(screenName, allow.equals("all"));
        return userJson(sandbox.user(screenName).orElseThrow());
    }

    private ObjectNode registerOAuth2Client(JsonNode body) {
        String clientId = required(body, "clientId");
        JsonNode secret = body.path("clientSecret");
        if (!secret.isMissingNode() && !secret.isNull() && !secret.isTextual()) {
            throw new IllegalArgumentException("field 'clientSecret' must be a string or absent");
        }
        sandbox.registerOAuth2Client(clientId, secret.isTextual() ? secret.asText() : null);
        return TwitterJson.MAPPER.createObjectNode().put("clientId", clientId).put("confidential", secret.isTextual());
    }

    private ObjectNode issueOAuth2Tokens(JsonNode body) {
        JsonNode ttl = body.path("ttlSeconds");
        if (!ttl.isMissingNode() && !ttl.isNull() && !ttl.canConvertToLong()) {
            throw new IllegalArgumentException("field 'ttlSeconds' must be a number of seconds");
        }
        OAuth2Grant grant = sandbox.issueOAuth2Tokens(required(body, "screenName"), required(body, "clientId"),
                ttl.canConvertToLong() ? Duration.ofSeconds(ttl.asLong()) : null);
        return TwitterJson.MAPPER.createObjectNode().put("accessToken", grant.accessToken())
                .put("refreshToken", grant.refreshToken())
                .put("accessTokenExpiresAt", grant.accessTokenExpiresAt().toString());
    }

    private ObjectNode sent() {
        ObjectNode root = TwitterJson.MAPPER.createObjectNode();
        ArrayNode dms = root.putArray("directMessages");
        sandbox.sentDirectMessages().forEach(dm -> dms.addObject().put("id", Long.toString(dm.id()))
                .put("from", dm.fromScreenName()).put("to", dm.toScreenName())
                .put("recipientId", Long.toString(dm.recipientId())).put("text", dm.text())
                .put("createdAt", dm.createdAt().toString())
                .<ObjectNode>set("mediaIds", ids(dm.mediaIds()))
                .set("media", media(dm.mediaIds())));
        ArrayNode tweets = root.putArray("tweets");
        sandbox.sentTweets().forEach(t -> {
            ObjectNode node = tweets.addObject().put("id", Long.toString(t.id())).put("from", t.screenName())
                    .put("text", t.text()).put("createdAt", t.createdAt().toString());
            if (t.inReplyToStatusId() == null) {
                node.putNull("inReplyTo");
            } else {
                node.put("inReplyTo", Long.toString(t.inReplyToStatusId()));
            }
            node.set("mediaIds", ids(t.mediaIds()));
            node.set("media", media(t.mediaIds()));
        });
        return root;
    }

    /** The stored files of media ids (ids without a stored file are left out). */
    private ArrayNode media(List<Long> ids) {
        ArrayNode array = TwitterJson.MAPPER.createArrayNode();
        for (long id : ids) {
            sandbox.mediaFile(id).ifPresent(file -> array.addObject().put("mediaId", Long.toString(id))
                    .put("contentType", file.contentType()).put("size", file.bytes().length)
                    .put("sha256", file.sha256()));
        }
        return array;
    }

    private static ArrayNode ids(List<Long> ids) {
        ArrayNode array = TwitterJson.MAPPER.createArrayNode();
        ids.forEach(id -> array.add(Long.toString(id)));
        return array;
    }

    private ArrayNode users() {
        ArrayNode array = TwitterJson.MAPPER.createArrayNode();
        sandbox.users().forEach(u -> array.add(userJson(u)));
        return array;
    }

    private static ObjectNode userJson(SandboxUser u) {
        return TwitterJson.MAPPER.createObjectNode().put("id", Long.toString(u.id()))
                .put("screenName", u.screenName()).put("name", u.name())
                .put("account", u.account()).put("acceptsDirectMessages", u.acceptsDirectMessages())
                .put("allowDmsFrom", u.acceptsDirectMessages() ? "all" : "following");
    }

    private void addFault(JsonNode body) {
        String endpoint = required(body, "endpoint");
        int times = body.path("times").asInt(1);
        JsonNode reset = body.path("rateLimitReset");
        if (!reset.isMissingNode() && !reset.isNull()) {
            if (!reset.canConvertToLong()) {
                throw new IllegalArgumentException("rateLimitReset must be epoch seconds");
            }
            sandbox.failNextWithRateLimit(endpoint, Instant.ofEpochSecond(reset.asLong()), times);
            return;
        }
        if (!body.path("status").canConvertToInt()) {
            throw new IllegalArgumentException("status (HTTP status code) is required");
        }
        sandbox.failNext(endpoint, body.path("status").asInt(), body.path("body").asText(""), times);
    }

    /** A DM's {@code media: [{"type", "contentType", "data": base64, "altText"?}]}: a file the sandbox serves. */
    private static java.util.Optional<AttachedFile> attachedFile(JsonNode body) {
        JsonNode array = body.path("media");
        if (!array.isArray() || array.isEmpty() || !array.get(0).has("data")) {
            return java.util.Optional.empty();
        }
        if (array.size() > 1) {
            throw new IllegalArgumentException("a direct message carries at most one media attachment");
        }
        JsonNode item = array.get(0);
        byte[] bytes;
        try {
            bytes = java.util.Base64.getDecoder().decode(required(item, "data"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("media data must be base64: " + e.getMessage());
        }
        JsonNode alt = item.path("altText");
        return java.util.Optional.of(new AttachedFile(item.path("type").asText("photo"), required(item, "contentType"),
                bytes, alt.isMissingNode() || alt.isNull() ? null : alt.asText()));
    }

    private static List<Media> media(JsonNode body) {
        List<Media> media = new ArrayList<>();
        JsonNode array = body.path("media");
        if (array.isMissingNode() || array.isNull()) {
            return media;
        }
        if (!array.isArray()) {
            throw new IllegalArgumentException("media must be an array");
        }
        for (JsonNode item : array) {
            JsonNode alt = item.path("altText");
            media.add(new Media(required(item, "type"), required(item, "url"),
                    alt.isMissingNode() || alt.isNull() ? null : alt.asText()));
        }
        return media;
    }

    private static String required(JsonNode node, String field) {
        JsonNode value = node.path(field);
        if (!value.isTextual()) {
            throw new IllegalArgumentException("field '" + field + "' (string) is required");
        }
        return value.asText();
    }

    private static String error(String message) {
        return TwitterJson.write(TwitterJson.MAPPER.createObjectNode().put("error", message));
    }
}
