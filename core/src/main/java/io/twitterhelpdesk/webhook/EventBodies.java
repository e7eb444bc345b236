package io.twitterhelpdesk.webhook;

import java.io.IOException;
import java.util.OptionalLong;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What reading a pushed event body (Account Activity API, X Activity API webhook or stream line) needs whatever its
 * format: the body as a JSON object, numeric ids whether sent as strings or numbers, and a one-line reason for a WARN.
 */
public final class EventBodies {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern NUMERIC_ID = Pattern.compile("[0-9]{1,19}");

    private EventBodies() {
    }

    /** The body as a JSON object, or an {@link InvalidWebhookRequestException} {@code malformed_json}. */
    public static JsonNode readObject(byte[] body) {
        try {
            JsonNode root = body == null || body.length == 0 ? null : JSON.readTree(body);
            if (root == null || !root.isObject()) {
                throw new InvalidWebhookRequestException("malformed_json", "The body is not a JSON object");
            }
            return root;
        } catch (IOException e) {
            throw new InvalidWebhookRequestException("malformed_json", "The body is not valid JSON");
        }
    }

    /** A positive Twitter id, given as a string of digits or as a JSON number; empty for anything else. */
    public static OptionalLong id(JsonNode node) {
        String text = node.isTextual() || node.isIntegralNumber() ? node.asText() : "";
        if (!NUMERIC_ID.matcher(text).matches()) {
            return OptionalLong.empty();
        }
        try {
            long id = Long.parseLong(text);
            return id > 0 ? OptionalLong.of(id) : OptionalLong.empty();
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** Why an event could not be read, on one line of at most 200 characters, for a WARN line. */
    public static String reason(Exception e) {
        String line = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
        return e.getClass().getSimpleName() + ": " + (line.length() > 200 ? line.substring(0, 200) + "..." : line);
    }
}
