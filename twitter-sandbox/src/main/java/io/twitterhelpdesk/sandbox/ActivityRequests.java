package io.twitterhelpdesk.sandbox;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Iterator;
import java.util.Set;

/** Checks of X Activity request bodies against X's schemas; failures are 400 invalid requests worded as X does. */
final class ActivityRequests {

    static final String ID_PATTERN = "^[0-9]{1,19}$";

    private ActivityRequests() {
    }

    /** {@code additionalProperties: false}: members other than {@code allowed} are refused. */
    static void noOtherMembers(JsonNode object, String path, Set<String> allowed) {
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw V2Problem.invalidRequest("$." + path + name + ": is not defined in the schema and the schema"
                        + " does not allow additional properties");
            }
        }
    }

    /** An optional string of {@code min}..{@code max} characters; null when absent. */
    static String text(JsonNode object, String field, String path, int min, int max) {
        String value = V2RequestBody.optionalText(object, field, path);
        if (value != null && value.length() < min) {
            throw V2Problem.invalidRequest("$." + path + field + ": must be at least " + min + " characters long");
        }
        if (value != null && value.length() > max) {
            throw V2Problem.invalidRequest("$." + path + field + ": may only be " + max + " characters long");
        }
        return value;
    }

    /** A required string. */
    static String requiredText(JsonNode object, String field, String path) {
        String value = V2RequestBody.optionalText(object, field, path);
        if (value == null) {
            throw V2Problem.invalidRequest("$." + path + field + ": is missing but it is required");
        }
        return value;
    }

    /** An optional string matching {@code pattern} (a regex with ^ and $); null when absent. */
    static String matching(JsonNode object, String field, String path, String pattern) {
        String value = V2RequestBody.optionalText(object, field, path);
        if (value != null && !value.matches(pattern)) {
            throw V2Problem.invalidRequest("$." + path + field + ": does not match the regex pattern " + pattern);
        }
        return value;
    }
}
