package io.twitterhelpdesk.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.twitterhelpdesk.sandbox.OAuth1Verifier.Param;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * {@code POST /2/oauth2/token} with {@code grant_type=refresh_token}: a public client names itself with
 * {@code client_id}, a confidential one authenticates with HTTP Basic {@code client_id:client_secret}. Answers and
 * errors are OAuth 2.0 JSON ({@code error}, {@code error_description}), not v2 problems.
 */
final class OAuth2TokenEndpoint {

    private static final String INVALID_TOKEN = "Value passed for the token was invalid.";

    private final OAuth2Grants tokens;
    private final Clock clock;

    OAuth2TokenEndpoint(OAuth2Grants tokens, Clock clock) {
        this.tokens = tokens;
        this.clock = clock;
    }

    /** The answer to a token request (status and OAuth 2.0 JSON). */
    V2Answer handle(HttpExchange exchange, String body) {
        List<Param> form = HttpExchanges.mediaType(exchange).equals("application/x-www-form-urlencoded")
                ? OAuth1Verifier.decodeForm(body) : List.of();
        String bodyClientId = value(form, "client_id");
        String clientId;
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            Optional<String[]> credentials = basicCredentials(authorization.substring(6).trim());
            if (credentials.isEmpty() || tokens.client(credentials.get()[0])
                    .filter(c -> c.confidential() && c.secret().equals(credentials.get()[1])).isEmpty()) {
                return unauthorizedClient();
            }
            clientId = credentials.get()[0];
            if (bodyClientId != null && !bodyClientId.equals(clientId)) {
                return invalidRequest();
            }
        } else {
            Optional<OAuth2Grants.Client> client = tokens.client(bodyClientId);
            if (client.isEmpty()) {
                return invalidRequest();
            }
            if (client.get().confidential()) {
                return unauthorizedClient();
            }
            clientId = bodyClientId;
        }
        if (!"refresh_token".equals(value(form, "grant_type"))) {
            return invalidRequest();
        }
        return tokens.refresh(value(form, "refresh_token"), clientId).map(this::tokenAnswer)
                .orElseGet(OAuth2TokenEndpoint::invalidRequest);
    }

    private V2Answer tokenAnswer(OAuth2Grant grant) {
        long expiresIn = Math.max(0, Duration.between(clock.instant(), grant.accessTokenExpiresAt()).toSeconds());
        ObjectNode body = TwitterJson.MAPPER.createObjectNode().put("token_type", "bearer")
                .put("expires_in", expiresIn).put("access_token", grant.accessToken())
                .put("scope", OAuth2Grants.SCOPE).put("refresh_token", grant.refreshToken());
        return V2Answer.ok(body);
    }

    private static Optional<String[]> basicCredentials(String encoded) {
        try {
            String decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? Optional.empty()
                    : Optional.of(new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)});
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static String value(List<Param> form, String name) {
        return form.stream().filter(p -> p.name().equals(name)).map(Param::value).findFirst().orElse(null);
    }

    private static V2Answer invalidRequest() {
        return new V2Answer(400, TwitterJson.MAPPER.createObjectNode().put("error", "invalid_request")
                .put("error_description", INVALID_TOKEN));
    }

    private static V2Answer unauthorizedClient() {
        return new V2Answer(401, TwitterJson.MAPPER.createObjectNode().put("error", "unauthorized_client")
                .put("error_description", "Missing valid authorization header"));
    }
}
