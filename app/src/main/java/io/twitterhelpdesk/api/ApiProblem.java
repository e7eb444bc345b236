package io.twitterhelpdesk.api;

import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The API's error body: {@code {"error":{"code":"...","message":"..."}}}. */
public final class ApiProblem {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ApiProblem() {
    }

    /**
     * The body for the exchange's variables {@code problemCode} and {@code problemMessage}. Read here rather than
     * passed as {@code json(${variable...})} arguments: Camel resolves {@code {{...}}} in such argument values,
     * and a problem message may quote what a client sent.
     */
    public static String json(org.apache.camel.Exchange exchange) {
        return json(exchange.getVariable("problemCode", String.class),
                exchange.getVariable("problemMessage", String.class));
    }

    public static String json(String code, String message) {
        try {
            return JSON.writeValueAsString(Map.of("error", new java.util.TreeMap<>(Map.of("code", code,
                    "message", message == null ? code : message))));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
