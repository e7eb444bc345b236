package io.twitterhelpdesk.xapi;

import java.io.IOException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the answer of an X API v2 call (route {@code x-api-request}): a 2xx becomes an {@link XAnswer}; any other
 * status an {@link XApiException} with the problem's detail and the rate limit. Partial errors (a 2xx whose
 * {@code errors} sit beside {@code data}, e.g. an expanded user that no longer exists) are logged as one line and the
 * answer is kept: callers decide what a missing object means.
 */
public final class XApiAnswers {

    private static final Logger LOG = LoggerFactory.getLogger(XApiAnswers.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    public static final String REQUEST_HEADER = "XApiRequest";

    public XAnswer answer(Exchange exchange) throws XApiException {
        Message in = exchange.getMessage();
        int status = in.getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        String request = in.getHeader(REQUEST_HEADER, "X API request", String.class);
        RateLimit rate = RateLimit.of(in.getHeaders());
        String body = in.getBody(String.class);
        JsonNode json = parse(body);
        if (status < 200 || status > 299 || json.isMissingNode() && body != null && !body.isBlank()) {
            // a 2xx whose body is not JSON is a failure too (status kept: a send it answers was accepted)
            throw new XApiException(request, status, detail(json, body), rate);
        }
        if (json.path("errors").isArray() && !json.path("errors").isEmpty()) {
            LOG.warn("{}: partial errors beside the data ({} of them), first: {}", request, json.get("errors").size(),
                    excerpt(json.get("errors").get(0).toString()));
        }
        return new XAnswer(status, json, rate);
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return MissingNode.getInstance();
        }
        try {
            JsonNode json = JSON.readTree(body);
            return json == null ? MissingNode.getInstance() : json;
        } catch (IOException e) {
            return MissingNode.getInstance();
        }
    }

    /** The problem's detail, else its title, else the first error's message or detail, else the body itself. */
    static String detail(JsonNode json, String body) {
        for (JsonNode candidate : new JsonNode[] {json.path("detail"), json.path("title"),
                json.path("errors").path(0).path("message"), json.path("errors").path(0).path("detail"),
                json.path("error_description")}) {
            if (candidate.isTextual() && !candidate.asText().isBlank()) {
                return excerpt(candidate.asText());
            }
        }
        return body == null || body.isBlank() ? "(empty answer)" : "unreadable answer: " + excerpt(body);
    }

    private static String excerpt(String s) {
        String line = s.strip().lines().findFirst().orElse("");
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }
}
