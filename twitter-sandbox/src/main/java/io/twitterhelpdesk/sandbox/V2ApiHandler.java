package io.twitterhelpdesk.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;

/**
 * Serves the X API v2 endpoints under {@code /2/} from the same store as v1.1: faults, then OAuth 1.0a or OAuth 2.0
 * bearer authentication, rate limits per user and endpoint, then the call. Errors are v2 problem objects.
 */
final class V2ApiHandler implements HttpHandler {

    private static final Set<String> USERS_ME_PARAMETERS =
            V2Query.names(V2Fields.EXPANSIONS, V2Fields.TWEET_FIELDS, V2Fields.USER_FIELDS);

    private final SandboxStore store;
    private final RateLimiter rateLimiter;
    private final FaultInjector faults;
    private final RequestCounts requestCounts;
    private final V2Authenticator authenticator;
    private final OAuth2TokenEndpoint tokenEndpoint;
    private final V2DirectMessages directMessages;
    private final V2Tweets tweets;
    private final V2Media media;
    private final XActivityApis xActivity;
    private final DmMediaDownloads dmMedia;
    private final UsageCharges usage;

    /** The X Activity API and V2 webhook endpoints. */
    record XActivityApis(ActivitySubscriptionsApi subscriptions, ActivityWebhooksApi webhooks,
                         ActivityStreamApi stream) {
    }

    V2ApiHandler(SandboxStore store, RateLimiter rateLimiter, FaultInjector faults, AccountActivity activity,
                 RequestCounts requestCounts, UsageCharges usage, OAuth2Grants oauth2, AppBearerTokens appTokens,
                 XActivityApis xActivity) {
        this.xActivity = xActivity;
        this.usage = usage;
        this.store = store;
        this.rateLimiter = rateLimiter;
        this.faults = faults;
        this.requestCounts = requestCounts;
        this.authenticator = new V2Authenticator(
                new OAuth1Verifier(store.clock(), store::consumerSecret, store::accessToken), oauth2, appTokens,
                store::consumerKeyOf);
        this.tokenEndpoint = new OAuth2TokenEndpoint(oauth2, store.clock());
        this.directMessages = new V2DirectMessages(store, activity);
        this.tweets = new V2Tweets(store, activity);
        this.dmMedia = new DmMediaDownloads(store);
        this.media = new V2Media(store.mediaUploads());
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try {
            String path = exchange.getRequestURI().getRawPath();
            SandboxEndpoint endpoint = SandboxEndpoint.of(exchange.getRequestMethod(), path)
                    .filter(SandboxEndpoint::v2).orElseThrow(V2Problem::notFound);
            requestCounts.increment(endpoint);
            Optional<FaultInjector.Fault> fault = faults.take(endpoint);
            if (fault.isPresent()) {
                HttpExchanges.sendFault(exchange, endpoint, fault.get());
                return;
            }
            byte[] raw = HttpExchanges.readBytes(exchange, endpoint.maxBodyBytes());
            String body = new String(raw, StandardCharsets.UTF_8);
            if (endpoint == SandboxEndpoint.V2_OAUTH2_TOKEN) {
                exchange.getResponseHeaders().set("Cache-Control", "no-store");
                send(exchange, tokenEndpoint.handle(exchange, body));
                return;
            }
            V2Caller caller = authenticator.authenticate(exchange, endpoint);
            RateLimiter.Status rate = rateLimiter.acquire(caller.appOnly() ? -store.appId(caller.consumerKey())
                    : caller.userId(), endpoint);
            HttpExchanges.setRateLimitHeaders(exchange, rate);
            if (!rate.allowed()) {
                throw V2Problem.tooManyRequests();
            }
            if (!caller.appOnly() && store.isRevoked(caller.userId())) {
                throw V2Problem.unauthorized();
            }
            SandboxUser user = caller.appOnly() ? null
                    : store.findUser(caller.userId()).orElseThrow(V2Problem::unauthorized);
            if (endpoint == SandboxEndpoint.V2_ACTIVITY_STREAM) {
                xActivity.stream().open(caller, exchange);
                return;
            }
            if (endpoint == SandboxEndpoint.V2_DM_MEDIA) {
                serveMedia(exchange, user, endpoint.pathParameters(path));
                return;
            }
            String rawParameter = endpoint.pathParameter(path);
            String parameter = rawParameter == null ? null : URLDecoder.decode(rawParameter, StandardCharsets.UTF_8);
            V2Answer answer = dispatch(endpoint, caller, user, exchange, parameter, body, raw);
            usage.v2Answer(endpoint, caller, parameter, body, answer);
            send(exchange, answer);
        } catch (V2Problem e) {
            HttpExchanges.send(exchange, e.status, TwitterJson.write(e.body));
        } catch (HttpExchanges.BodyTooLarge e) {
            HttpExchanges.send(exchange, 413,
                    TwitterJson.write(V2Problem.of(413, "Payload Too Large", e.getMessage()).body));
        } catch (RuntimeException e) {
            HttpExchanges.send(exchange, 500,
                    TwitterJson.write(V2Problem.of(500, "Internal Server Error", "Internal error: " + e).body));
        }
    }

    private void serveMedia(HttpExchange exchange, SandboxUser user, java.util.List<String> parameters)
            throws IOException {
        try {
            dmMedia.serve(exchange, user, parameters);
        } catch (DmMediaDownloads.NotParticipant e) {
            throw V2Problem.forbidden("You are not a participant of the conversation of direct message "
                    + parameters.get(0) + ".");
        } catch (DmMediaDownloads.NoSuchMedia e) {
            throw V2Problem.resourceNotFound("media", "media_id", parameters.get(1));
        }
    }

    private V2Answer dispatch(SandboxEndpoint endpoint, V2Caller caller, SandboxUser user, HttpExchange exchange,
                              String parameter, String body, byte[] raw) {
        String query = exchange.getRequestURI().getRawQuery();
        String mediaType = HttpExchanges.mediaType(exchange);
        return switch (endpoint) {
            case V2_USERS_ME -> me(user, query);
            case V2_USER -> userById(user, parameter, query);
            case V2_DM_EVENTS -> directMessages.list(user, query);
            case V2_DM_SEND -> directMessages.send(user, parameter, mediaType, body);
            case V2_MENTIONS -> tweets.mentions(parameter, query);
            case V2_TWEETS -> tweets.create(user, mediaType, body);
            case V2_MEDIA_UPLOAD -> media.upload(user, exchange.getRequestHeaders().getFirst("Content-Type"),
                    mediaType, raw);
            case V2_MEDIA_UPLOAD_STATUS -> media.status(user, query);
            case V2_MEDIA_UPLOAD_INITIALIZE -> media.initialize(user, mediaType, body);
            case V2_MEDIA_UPLOAD_APPEND -> media.append(user, parameter,
                    exchange.getRequestHeaders().getFirst("Content-Type"), mediaType, raw);
            case V2_MEDIA_UPLOAD_FINALIZE -> media.finalizeUpload(user, parameter);
            case V2_ACTIVITY_SUBSCRIPTIONS -> xActivity.subscriptions().list(caller, query);
            case V2_ACTIVITY_SUBSCRIPTIONS_CREATE -> xActivity.subscriptions().create(caller, mediaType, body);
            case V2_ACTIVITY_SUBSCRIPTIONS_DELETE -> xActivity.subscriptions().deleteMany(caller, query);
            case V2_ACTIVITY_SUBSCRIPTION_UPDATE ->
                    xActivity.subscriptions().update(caller, parameter, mediaType, body);
            case V2_ACTIVITY_SUBSCRIPTION_DELETE -> xActivity.subscriptions().delete(caller, parameter);
            case V2_WEBHOOKS -> xActivity.webhooks().list(caller, query);
            case V2_WEBHOOKS_CREATE -> xActivity.webhooks().create(caller, mediaType, body);
            case V2_WEBHOOK_VALIDATE -> xActivity.webhooks().validate(caller, parameter);
            case V2_WEBHOOK_DELETE -> xActivity.webhooks().delete(caller, parameter);
            case V2_WEBHOOKS_REPLAY -> xActivity.webhooks().replay(caller, mediaType, body);
            default -> throw V2Problem.notFound();
        };
    }

    private V2Answer me(SandboxUser user, String rawQuery) {
        V2Query query = V2Query.parse(rawQuery, USERS_ME_PARAMETERS);
        V2Fields.Selection selection = V2Fields.select(query, V2Fields.USER_EXPANSIONS);
        ObjectNode root = TwitterJson.MAPPER.createObjectNode();
        root.set("data", V2Json.user(user, selection.user()));
        return V2Answer.ok(root);
    }

    /**
     * {@code GET /2/users/:id}, with {@code receives_your_dm} and {@code connection_status} as the requester sees them
     * ({@code requester} null for app-only: no connection, {@code receives_your_dm} the user's own setting).
     */
    private V2Answer userById(SandboxUser requester, String id, String rawQuery) {
        V2Query query = V2Query.parse(rawQuery, USERS_ME_PARAMETERS);
        V2Fields.Selection selection = V2Fields.select(query, V2Fields.USER_EXPANSIONS);
        long userId = V2Query.parseId("id", id);
        SandboxUser user = store.findActiveUser(userId)
                .orElseThrow(() -> V2Problem.resourceNotFound("user", "id", id));
        ObjectNode root = TwitterJson.MAPPER.createObjectNode();
        if (requester == null) {
            root.set("data", V2Json.user(user, selection.user()));
            return V2Answer.ok(root);
        }
        java.util.List<String> connection = new java.util.ArrayList<>();
        if (store.follows(requester.id(), user.id())) {
            connection.add("following");
        }
        if (store.follows(user.id(), requester.id())) {
            connection.add("followed_by");
        }
        root.set("data", V2Json.user(user, selection.user(), store.canDirectMessage(requester, user), connection));
        return V2Answer.ok(root);
    }

    private static void send(HttpExchange exchange, V2Answer answer) throws IOException {
        HttpExchanges.send(exchange, answer.status(), TwitterJson.write(answer.body()));
    }
}
