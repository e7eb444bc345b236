package io.twitterhelpdesk.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An X API v2 error answer: HTTP status plus a problem object ({@code title}, {@code detail}, {@code type},
 * {@code status}; invalid requests carry an {@code errors} array instead of a status, as X sends them).
 */
final class V2Problem extends RuntimeException {

    static final String INVALID_REQUEST = "https://api.twitter.com/2/problems/invalid-request";
    static final String RESOURCE_NOT_FOUND = "https://api.twitter.com/2/problems/resource-not-found";

    final int status;
    final transient ObjectNode body;

    private V2Problem(int status, ObjectNode body) {
        super(body.path("detail").asText());
        this.status = status;
        this.body = body;
    }

    static V2Problem of(int status, String title, String detail) {
        ObjectNode body = TwitterJson.MAPPER.createObjectNode().put("title", title).put("detail", detail)
                .put("type", "about:blank").put("status", status);
        return new V2Problem(status, body);
    }

    static V2Problem unauthorized() {
        ObjectNode body = TwitterJson.MAPPER.createObjectNode().put("title", "Unauthorized").put("type", "about:blank")
                .put("status", 401).put("detail", "Unauthorized");
        return new V2Problem(401, body);
    }

    /**
     * 403 for an authentication the endpoint does not take, e.g. an app-only bearer token on a user-context endpoint:
     * {@code used} names it, {@code supported} lists those it takes, as X words it.
     */
    static V2Problem unsupportedAuthentication(String used, String supported) {
        return unsupportedAuthentication(used, supported, "this endpoint");
    }

    /** {@link #unsupportedAuthentication(String, String)} for something else than the endpoint, e.g. an event type. */
    static V2Problem unsupportedAuthentication(String used, String supported, String forWhat) {
        ObjectNode body = TwitterJson.MAPPER.createObjectNode().put("title", "Unsupported Authentication")
                .put("detail", "Authenticating with " + used + " is forbidden for " + forWhat + ".  Supported"
                        + " authentication types are " + supported + ".")
                .put("type", "https://api.twitter.com/2/problems/unsupported-authentication").put("status", 403);
        return new V2Problem(403, body);
    }

    /** 429 for a second stream connection of an app, in X's streaming-connection problem shape. */
    static V2Problem tooManyConnections() {
        ObjectNode body = TwitterJson.MAPPER.createObjectNode().put("title", "ConnectionException")
                .put("detail", "This stream is currently at the maximum allowed connection limit.")
                .put("connection_issue", "TooManyConnections")
                .put("type", "https://api.x.com/2/problems/streaming-connection");
        return new V2Problem(429, body);
    }

    /**
     * 403 for a private X Activity event the caller may not subscribe to: only the filtered user, authenticated as
     * themselves (user context), may.
     */
    static V2Problem notAuthorizedForUser(String userId, String eventType) {
        ObjectNode body = TwitterJson.MAPPER.createObjectNode().put("title", "Authorization Error")
                .put("detail", "Sorry, you are not authorized to subscribe to " + eventType + " events of the user"
                        + " with id: [" + userId + "]. Private events need user-context authentication of that user.")
                .put("type", "https://api.twitter.com/2/problems/not-authorized-for-resource").put("status", 403)
                .put("resource_type", "user").put("resource_id", userId).put("section", "data")
                .put("parameter", "filter.user_id").put("value", userId);
        return new V2Problem(403, body);
    }

    static V2Problem tooManyRequests() {
        return of(429, "Too Many Requests", "Too Many Requests");
    }

    static V2Problem notFound() {
        return of(404, "Not Found Error", "Sorry, that page does not exist.");
    }

    static V2Problem forbidden(String detail) {
        return of(403, "Forbidden", detail);
    }

    /** 400 invalid request naming the offending parameter and its value. */
    static V2Problem invalidParameter(String parameter, String value, String message) {
        ObjectNode body = TwitterJson.MAPPER.createObjectNode();
        ObjectNode error = body.putArray("errors").addObject();
        error.putObject("parameters").putArray(parameter).add(value);
        error.put("message", message);
        return new V2Problem(400, invalidRequestFields(body));
    }

    /** 400 invalid request about the request as a whole (e.g. its body). */
    static V2Problem invalidRequest(String message) {
        ObjectNode body = TwitterJson.MAPPER.createObjectNode();
        body.putArray("errors").addObject().put("message", message);
        return new V2Problem(400, invalidRequestFields(body));
    }

    /** 404 for a resource (user, tweet) named by a parameter that does not exist or is not visible. */
    static V2Problem resourceNotFound(String resourceType, String parameter, String value) {
        ObjectNode body = TwitterJson.MAPPER.createObjectNode().put("title", "Not Found Error")
                .put("detail", "Could not find " + resourceType + " with " + parameter + ": [" + value + "].")
                .put("type", RESOURCE_NOT_FOUND).put("status", 404).put("resource_type", resourceType)
                .put("parameter", parameter).put("value", value).put("resource_id", value);
        return new V2Problem(404, body);
    }

    static String tooManyRequestsBody() {
        return TwitterJson.write(tooManyRequests().body);
    }

    private static ObjectNode invalidRequestFields(ObjectNode body) {
        return body.put("title", "Invalid Request").put("detail", "One or more parameters to your request was invalid.")
                .put("type", INVALID_REQUEST);
    }
}
