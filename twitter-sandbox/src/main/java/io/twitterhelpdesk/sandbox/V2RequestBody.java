package io.twitterhelpdesk.sandbox;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Reads and checks the JSON body of a v2 create request; anything wrong is a 400 invalid request. */
final class V2RequestBody {

    private V2RequestBody() {
    }

    /** The body as a JSON object; the request media type (without parameters) must be {@code application/json}. */
    static JsonNode parse(String mediaType, String body) {
        if (!"application/json".equals(mediaType)) {
            throw V2Problem.invalidRequest("Requests with bodies must have content-type of application/json.");
        }
        JsonNode node;
        try {
            node = TwitterJson.MAPPER.readTree(body);
        } catch (IOException e) {
            throw V2Problem.invalidRequest("Request body is not valid JSON.");
        }
        if (node == null || !node.isObject()) {
            throw V2Problem.invalidRequest("Request body must be a JSON object.");
        }
        return node;
    }

    /**
     * Refuses members other than {@code supported} (e.g. {@code poll}): the sandbox would otherwise silently ignore
     * what X would act on.
     */
    static void allowOnly(JsonNode object, String path, Set<String> supported) {
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!supported.contains(name)) {
                throw V2Problem.invalidRequest("$." + path + name + ": is not supported by the Twitter sandbox"
                        + " (it supports " + supported.stream().sorted().map(s -> path + s).toList() + ")");
            }
        }
    }

    /** A string member, or null when absent. */
    static String optionalText(JsonNode object, String field, String path) {
        JsonNode value = object.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw V2Problem.invalidRequest("$." + path + field + ": "
                    + value.getNodeType().name().toLowerCase(Locale.ROOT) + " found, string expected");
        }
        return value.asText();
    }

    /** An array of id strings ({@code ^[0-9]{1,19}$}) of at most {@code max} items; empty when absent. */
    static List<Long> ids(JsonNode array, String path, int max) {
        List<Long> ids = new ArrayList<>();
        if (array.isMissingNode() || array.isNull()) {
            return ids;
        }
        if (!array.isArray() || array.size() > max) {
            throw V2Problem.invalidRequest("$." + path + ": must be an array of at most " + max + " ids");
        }
        for (JsonNode id : array) {
            ids.add(parseId(id, path));
        }
        return ids;
    }

    static long parseId(JsonNode id, String path) {
        if (!id.isTextual() || !id.asText().matches("[0-9]{1,19}")) {
            throw V2Problem.invalidRequest("$." + path + ": " + id + " does not match ^[0-9]{1,19}$");
        }
        try {
            return Long.parseLong(id.asText());
        } catch (NumberFormatException e) {
            throw V2Problem.invalidRequest("$." + path + ": " + id + " is not a valid id");
        }
    }
}
