package io.twitterhelpdesk.api;

import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The API's error body: {@code {"error":{"code":"...","message":"..."}}}. */
public final class ApiProblem {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ApiProblem() {
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
