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

    V2ApiHandler(SandboxStore store, RateLimiter rateLimiter, FaultInjector faults, AccountActivity activity,
                 RequestCounts requestCounts, OAuth2Tokens oauth2) {
        this.store = store;
        this.rateLimiter = rateLimiter;
        this.faults = faults;
        this.requestCounts = requestCounts;
        this.authenticator = new V2Authenticator(
                new OAuth1Verifier(store.clock(), store::consumerSecret, store::accessToken), oauth2);
        this.tokenEndpoint = new OAuth2TokenEndpoint(oauth2, store.clock());
        this.directMessages = new V2DirectMessages(store, activity);
        this.tweets = new V2Tweets(store, activity);
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try {
            String path = exchange.getRequestURI().getRawPath();
            SandboxEndpoint endpoint = SandboxEndpoint.ofPath(path)
                    .filter(e -> e.v2() && e.method().equalsIgnoreCase(exchange.getRequestMethod()))
                    .orElseThrow(V2Problem::notFound);
            requestCounts.increment(endpoint);
            Optional<FaultInjector.Fault> fault = faults.take(endpoint);
            if (fault.isPresent()) {
                HttpExchanges.sendFault(exchange, endpoint, fault.get());
                return;
            }
            String body = HttpExchanges.readBody(exchange);
            if (endpoint == SandboxEndpoint.V2_OAUTH2_TOKEN) {
                exchange.getResponseHeaders().set("Cache-Control", "no-store");
                send(exchange, tokenEndpoint.handle(exchange, body));
                return;
            }
            long userId = authenticator.authenticate(exchange);
            RateLimiter.Status rate = rateLimiter.acquire(userId, endpoint);
            HttpExchanges.setRateLimitHeaders(exchange, rate);
            if (!rate.allowed()) {
                throw V2Problem.tooManyRequests();
            }
            if (store.isRevoked(userId)) {
                throw V2Problem.unauthorized();
            }
            SandboxUser user = store.findUser(userId).orElseThrow(V2Problem::unauthorized);
            String parameter = endpoint.pathParameter(path);
            send(exchange, dispatch(endpoint, user, exchange, parameter == null ? null
                    : URLDecoder.decode(parameter, StandardCharsets.UTF_8), body));
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

    private V2Answer dispatch(SandboxEndpoint endpoint, SandboxUser user, HttpExchange exchange, String parameter,
                              String body) {
        String query = exchange.getRequestURI().getRawQuery();
        String mediaType = HttpExchanges.mediaType(exchange);
        return switch (endpoint) {
            case V2_USERS_ME -> me(user, query);
            case V2_USER -> userById(user, parameter, query);
            case V2_DM_EVENTS -> directMessages.list(user, query);
            case V2_DM_SEND -> directMessages.send(user, parameter, mediaType, body);
            case V2_MENTIONS -> tweets.mentions(parameter, query);
            case V2_TWEETS -> tweets.create(user, mediaType, body);
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

    /** {@code GET /2/users/:id}, with {@code receives_your_dm} and {@code connection_status} as the requester sees them. */
    private V2Answer userById(SandboxUser requester, String id, String rawQuery) {
        V2Query query = V2Query.parse(rawQuery, USERS_ME_PARAMETERS);
        V2Fields.Selection selection = V2Fields.select(query, V2Fields.USER_EXPANSIONS);
        long userId = V2Query.parseId("id", id);
        SandboxUser user = store.findActiveUser(userId)
                .orElseThrow(() -> V2Problem.resourceNotFound("user", "id", id));
        java.util.List<String> connection = new java.util.ArrayList<>();
        if (store.follows(requester.id(), user.id())) {
            connection.add("following");
        }
        if (store.follows(user.id(), requester.id())) {
            connection.add("followed_by");
        }
        ObjectNode root = TwitterJson.MAPPER.createObjectNode();
        root.set("data", V2Json.user(user, selection.user(), store.canDirectMessage(requester, user), connection));
        return V2Answer.ok(root);
    }

    private static void send(HttpExchange exchange, V2Answer answer) throws IOException {
        HttpExchanges.send(exchange, answer.status(), TwitterJson.write(answer.body()));
    }
}
