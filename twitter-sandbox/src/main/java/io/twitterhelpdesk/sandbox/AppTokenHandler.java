package io.twitterhelpdesk.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.twitterhelpdesk.sandbox.OAuth1Verifier.Param;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * {@code POST /oauth2/token} with {@code grant_type=client_credentials} (form body) and HTTP Basic
 * {@code consumerKey:consumerSecret} (each URL-encoded, as X asks) of a registered app: answers
 * {@code {"token_type":"bearer","access_token":".."}}, the same token for the same app every time. Anything wrong is
 * X's 403 {@code {"errors":[{"code":99,"label":"authenticity_token_error",..}]}}.
 */
final class AppTokenHandler implements HttpHandler {

    private final SandboxStore store;
    private final AppBearerTokens tokens;
    private final FaultInjector faults;
    private final RequestCounts requestCounts;

    AppTokenHandler(SandboxStore store, AppBearerTokens tokens, FaultInjector faults, RequestCounts requestCounts) {
        this.store = store;
        this.tokens = tokens;
        this.faults = faults;
        this.requestCounts = requestCounts;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try {
            String path = exchange.getRequestURI().getRawPath();
            Optional<SandboxEndpoint> endpoint = SandboxEndpoint.of(exchange.getRequestMethod(), path)
                    .filter(e -> e == SandboxEndpoint.OAUTH2_APP_TOKEN);
            if (endpoint.isEmpty()) {
                throw ApiError.notFound();
            }
            requestCounts.increment(endpoint.get());
            Optional<FaultInjector.Fault> fault = faults.take(endpoint.get());
            if (fault.isPresent()) {
                HttpExchanges.sendFault(exchange, endpoint.get(), fault.get());
                return;
            }
            String body = HttpExchanges.readBody(exchange);
            List<Param> form = HttpExchanges.mediaType(exchange).equals("application/x-www-form-urlencoded")
                    ? OAuth1Verifier.decodeForm(body) : List.of();
            boolean clientCredentials = form.stream()
                    .anyMatch(p -> p.name().equals("grant_type") && p.value().equals("client_credentials"));
            String consumerKey = authenticatedApp(exchange.getRequestHeaders().getFirst("Authorization"));
            if (!clientCredentials || consumerKey == null) {
                exchange.getResponseHeaders().set("Cache-Control", "no-store");
                ObjectNode error = TwitterJson.error(99, "Unable to verify your credentials");
                ((ObjectNode) error.get("errors").get(0)).put("label", "authenticity_token_error");
                HttpExchanges.send(exchange, 403, TwitterJson.write(error));
                return;
            }
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            HttpExchanges.send(exchange, 200, TwitterJson.write(TwitterJson.MAPPER.createObjectNode()
                    .put("token_type", "bearer").put("access_token", tokens.tokenFor(consumerKey))));
        } catch (ApiError e) {
            HttpExchanges.send(exchange, e.status, TwitterJson.write(TwitterJson.error(e.code, e.getMessage())));
        } catch (HttpExchanges.BodyTooLarge e) {
            HttpExchanges.send(exchange, 413, TwitterJson.write(TwitterJson.error(413, e.getMessage())));
        } catch (RuntimeException e) {
            HttpExchanges.send(exchange, 500, TwitterJson.write(TwitterJson.error(131, "Internal error")));
        }
    }

    /** The consumer key when the Basic credentials are those of a registered app; null otherwise. */
    private String authenticatedApp(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()),
                    StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return null;
        }
        String key = URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8);
        String secret = URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8);
        return store.consumerSecret(key).filter(secret::equals).isPresent() ? key : null;
    }
}
