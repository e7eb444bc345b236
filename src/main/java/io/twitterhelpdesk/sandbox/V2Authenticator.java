package io.twitterhelpdesk.sandbox;

import com.sun.net.httpserver.HttpExchange;

import java.util.OptionalLong;

/**
 * Authenticates a v2 request: OAuth 1.0a user context ({@code Authorization: OAuth ..}, signed over the method, the
 * base URL and the query parameters; JSON bodies are not signed) or OAuth 2.0 user context
 * ({@code Authorization: Bearer <access token>} issued by the sandbox and not expired).
 */
final class V2Authenticator {

    private final OAuth1Verifier oauth1;
    private final OAuth2Tokens oauth2;

    V2Authenticator(OAuth1Verifier oauth1, OAuth2Tokens oauth2) {
        this.oauth1 = oauth1;
        this.oauth2 = oauth2;
    }

    /** The authenticated user's id; 401 problem otherwise. */
    long authenticate(HttpExchange exchange) {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            OptionalLong user = oauth2.userOf(authorization.substring(7).trim());
            return user.orElseThrow(V2Problem::unauthorized);
        }
        try {
            return oauth1.verify(exchange.getRequestMethod(), HttpExchanges.baseUrl(exchange),
                    OAuth1Verifier.decodeForm(exchange.getRequestURI().getRawQuery()), authorization).userId();
        } catch (ApiError e) {
            throw V2Problem.unauthorized();
        }
    }
}
