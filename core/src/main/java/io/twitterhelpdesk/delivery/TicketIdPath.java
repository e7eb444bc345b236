package io.twitterhelpdesk.delivery;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Where the ticket id is in the helpdesk's answer to a create call: a JSON path of names and array indexes from the
 * root, such as {@code $.id}, {@code $.ticket.id} or {@code $.data[0].id}. A string or a number is an id.
 */
public final class TicketIdPath {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern STEP = Pattern.compile("\\.([A-Za-z_][A-Za-z0-9_-]*)|\\[(\\d+)]");

    private final String path;
    private final List<Object> steps = new ArrayList<>();

    public TicketIdPath(String path) {
        this.path = path;
        if (!path.startsWith("$")) {
            throw new IllegalArgumentException("A ticket id path starts with $, e.g. $.ticket.id, not '" + path + "'");
        }
        Matcher m = STEP.matcher(path);
        int at = 1;
        while (at < path.length()) {
            if (!m.find(at) || m.start() != at) {
                throw new IllegalArgumentException("Not a ticket id path ($.name, [index]): '" + path + "'");
            }
            steps.add(m.group(1) != null ? m.group(1) : Integer.valueOf(m.group(2)));
            at = m.end();
        }
    }

    /** The id in the answer, or null when the answer is not JSON or has no string or number there. */
    public String read(String answer) {
        JsonNode node;
        try {
            node = JSON.readTree(answer == null ? "" : answer);
        } catch (JsonProcessingException e) {
            return null;
        }
        for (Object step : steps) {
            if (node == null) {
                return null;
            }
            node = step instanceof Integer i ? node.get(i) : node.get((String) step);
        }
        if (node == null || !(node.isTextual() || node.isIntegralNumber()) || node.asText().isEmpty()) {
            return null;
        }
        return node.asText();
    }

    @Override
    public String toString() {
        return path;
    }
}
