package io.twitterhelpdesk.sandbox;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * App-only access tokens (OAuth 2.0 client credentials): one per app (consumer key), created on first request and
 * the same on every later request, as X answers {@code POST /oauth2/token}.
 */
final class AppBearerTokens {

    /** X's app-only tokens start with a run of {@code A}s. */
    private static final String PREFIX = "AAAAAAAAAAAAAAAAAAAAA";

    private final SecureRandom random = new SecureRandom();
    private final Map<String, String> tokensByConsumerKey = new HashMap<>();
    private final Map<String, String> consumerKeysByToken = new HashMap<>();

    synchronized String tokenFor(String consumerKey) {
        return tokensByConsumerKey.computeIfAbsent(consumerKey, key -> {
            byte[] bytes = new byte[48];
            random.nextBytes(bytes);
            String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            consumerKeysByToken.put(token, key);
            return token;
        });
    }

    /** The app (consumer key) a token was issued to. */
    synchronized Optional<String> consumerKeyOf(String token) {
        return Optional.ofNullable(token).map(consumerKeysByToken::get);
    }
}
