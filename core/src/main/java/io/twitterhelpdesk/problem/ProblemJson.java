package io.twitterhelpdesk.problem;

import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The error body of the connector's HTTP answers: {@code {"error":{"code":"...","message":"..."}}}. Here, below the
 * REST API, so that the library's own endpoints (the media links) answer as the API does (api.ApiProblem is this
 * body for the routes).
 */
public final class ProblemJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ProblemJson() {
    }

    public static String json(String code, String message) {
        try {
            return JSON.writeValueAsString(Map.of("error", new TreeMap<>(Map.of("code", code,
                    "message", message == null ? code : message))));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
