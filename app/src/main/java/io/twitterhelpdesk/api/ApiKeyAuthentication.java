package io.twitterhelpdesk.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Lets an API request through only with one of the configured keys, sent as {@code X-API-Key: <key>} or
 * {@code Authorization: Bearer <key>}; otherwise answers 401 with a problem body and stops the exchange. Keys are
 * compared in constant time.
 */
public final class ApiKeyAuthentication implements Processor {

    private final List<byte[]> keys;

    public ApiKeyAuthentication(List<String> keys) {
        this.keys = keys.stream().map(String::trim).filter(k -> !k.isEmpty())
                .map(k -> k.getBytes(StandardCharsets.UTF_8)).toList();
    }

    public boolean hasKeys() {
        return !keys.isEmpty();
    }

    @Override
    public void process(Exchange exchange) {
        String presented = presentedKey(exchange);
        if (presented != null && matches(presented.getBytes(StandardCharsets.UTF_8))) {
            return;
        }
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 401);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        exchange.getMessage().setHeader("WWW-Authenticate", "Bearer");
        exchange.getMessage().setBody(ApiProblem.json(presented == null ? "missing_credentials" : "invalid_credentials",
                presented == null ? "Send an API key as 'X-API-Key: <key>' or 'Authorization: Bearer <key>'"
                        : "The API key is not valid"));
        exchange.setRouteStop(true);
    }

    private static String presentedKey(Exchange exchange) {
        String key = exchange.getMessage().getHeader("X-API-Key", String.class);
        if (key != null && !key.isBlank()) {
            return key.trim();
        }
        String authorization = exchange.getMessage().getHeader("Authorization", String.class);
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return authorization.substring(7).trim();
        }
        return null;
    }

    private boolean matches(byte[] presented) {
        boolean match = false;
        for (byte[] key : keys) {
            match |= MessageDigest.isEqual(key, presented);
        }
        return match;
    }

    @Override
    public String toString() {
        return "ApiKeyAuthentication[" + keys.size() + " keys]";
    }
}
