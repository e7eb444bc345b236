package io.twitterhelpdesk.sandbox;

import com.sun.net.httpserver.HttpExchange;
import io.twitterhelpdesk.sandbox.StoredRecords.AccessToken;

import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.LongFunction;

/**
 * Authenticates a v2 request: OAuth 1.0a user context ({@code Authorization: OAuth ..}, signed over the method, the
 * base URL and the query parameters; JSON bodies are not signed), OAuth 2.0 user context
 * ({@code Authorization: Bearer <access token>} issued by the sandbox and not expired) or app-only
 * ({@code Authorization: Bearer <app token>} from {@code POST /oauth2/token}). Then checks that the endpoint accepts
 * that kind of authentication, as X does.
 */
final class V2Authenticator {

    private final OAuth1Verifier oauth1;
    private final OAuth2Grants oauth2;
    private final AppBearerTokens appTokens;
    private final LongFunction<Optional<String>> consumerKeyOfAccount;

    V2Authenticator(OAuth1Verifier oauth1, OAuth2Grants oauth2, AppBearerTokens appTokens,
                    LongFunction<Optional<String>> consumerKeyOfAccount) {
        this.oauth1 = oauth1;
        this.oauth2 = oauth2;
        this.appTokens = appTokens;
        this.consumerKeyOfAccount = consumerKeyOfAccount;
    }

    /** The caller; 401 problem when unauthenticated, 403 when the endpoint does not take this authentication. */
    V2Caller authenticate(HttpExchange exchange, SandboxEndpoint endpoint) {
        V2Caller caller = caller(exchange);
        if (caller.appOnly() && !endpoint.auth().allowsApp()) {
            throw V2Problem.unsupportedAuthentication("OAuth 2.0 Application-Only",
                    "[OAuth 1.0a User Context, OAuth 2.0 User Context]");
        }
        if (!caller.appOnly() && !endpoint.auth().allowsUser()) {
            throw V2Problem.unsupportedAuthentication(bearer(exchange) == null ? "OAuth 1.0a User Context"
                    : "OAuth 2.0 User Context", "[OAuth 2.0 Application-Only]");
        }
        return caller;
    }

    private V2Caller caller(HttpExchange exchange) {
        String token = bearer(exchange);
        if (token != null) {
            OptionalLong user = oauth2.userOf(token);
            if (user.isPresent()) {
                String consumerKey = consumerKeyOfAccount.apply(user.getAsLong()).orElseThrow(V2Problem::unauthorized);
                return V2Caller.user(user.getAsLong(), consumerKey);
            }
            return appTokens.consumerKeyOf(token).map(V2Caller::app).orElseThrow(V2Problem::unauthorized);
        }
        try {
            AccessToken accessToken = oauth1.verify(exchange.getRequestMethod(), HttpExchanges.baseUrl(exchange),
                    OAuth1Verifier.decodeForm(exchange.getRequestURI().getRawQuery()),
                    exchange.getRequestHeaders().getFirst("Authorization"));
            return V2Caller.user(accessToken.userId(), accessToken.consumerKey());
        } catch (ApiError e) {
            throw V2Problem.unauthorized();
        }
    }

    private static String bearer(HttpExchange exchange) {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        return authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                ? authorization.substring(7).trim() : null;
    }
}
