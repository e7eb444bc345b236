package io.twitterhelpdesk.api;

import org.apache.camel.Exchange;

/**
 * The REST API's body limit ({@code api.max-body-size} bytes). A Java check, not a Simple {@code bodyAs(String)}
 * expression: Simple's method calls on a client's text resolve {@code {{...}}} in it, so a body quoting a
 * placeholder would fail the request with a server error.
 */
public final class RequestSize {

    private final int maxBytes;

    public RequestSize(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    public boolean exceeds(Exchange exchange) {
        byte[] body = exchange.getMessage().getBody(byte[].class);
        return body != null && body.length > maxBytes;
    }
}
