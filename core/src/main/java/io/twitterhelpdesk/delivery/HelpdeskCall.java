package io.twitterhelpdesk.delivery;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * One kind of call to a helpdesk ({@code create} or {@code append}): the URL template ({@code {ticketId}} stands for
 * the ticket's id, URL-encoded), the HTTP method and the JSONata template that turns the envelope into the body.
 */
public record HelpdeskCall(String urlTemplate, String method, String template) {

    public String url(String ticketId) {
        return ticketId == null ? urlTemplate
                : urlTemplate.replace("{ticketId}", URLEncoder.encode(ticketId, StandardCharsets.UTF_8));
    }
}
