package io.twitterhelpdesk.api;

import io.twitterhelpdesk.problem.ProblemJson;

/** The API's error body: {@code {"error":{"code":"...","message":"..."}}} ({@link ProblemJson}). */
public final class ApiProblem {

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
        return ProblemJson.json(code, message);
    }
}
