package io.twitterhelpdesk.xapi;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;

/**
 * A form POST to an OAuth 2.0 token endpoint through route {@code x-oauth2-token} (refresh of a user token, an app's
 * client credentials), and its answer read as JSON; shared by {@link OAuth2Tokens} and {@link AppBearerToken}.
 */
final class TokenEndpoint {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the endpoint answered: its status and body, the body as JSON (an empty object when it is not JSON). */
    record Answer(int status, JsonNode json, String body) {

        boolean hasAccessToken() {
            return status == 200 && json.path("access_token").isTextual();
        }
    }

    private TokenEndpoint() {
    }

    /**
     * @param url      the endpoint, or null for the route's ({@code twitter.api.oauth2-token-url})
     * @param user     HTTP Basic user (client id or consumer key), or null for none
     * @param password HTTP Basic password
     * @param form     the form body, already encoded
     * @throws XApiException when the endpoint could not be reached
     */
    static Answer post(XApiTransport transport, String what, String url, String user, String password, String form)
            throws XApiException {
        Exchange answer = transport.send(OAuth2Tokens.TOKEN_ROUTE, exchange -> {
            if (url != null) {
                exchange.getIn().setHeader(Exchange.HTTP_URI, url);
            }
            exchange.getIn().setHeader(Exchange.HTTP_METHOD, "POST");
            exchange.getIn().setHeader(Exchange.CONTENT_TYPE, "application/x-www-form-urlencoded");
            if (user != null) {
                exchange.getIn().setHeader("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (encode(user) + ":" + encode(password)).getBytes(StandardCharsets.UTF_8)));
            }
            exchange.getIn().setBody(form);
        });
        if (answer.getException() != null) {
            throw new XApiException(what, answer.getException());
        }
        String body = answer.getMessage().getBody(String.class);
        return new Answer(answer.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class), parse(body),
                body);
    }

    /** Form (and HTTP Basic) encoding of one value. */
    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static JsonNode parse(String body) {
        try {
            JsonNode json = body == null || body.isBlank() ? null : JSON.readTree(body);
            return json != null && json.isObject() ? json : JSON.createObjectNode();
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }
}
