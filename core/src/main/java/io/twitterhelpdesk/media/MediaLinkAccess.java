package io.twitterhelpdesk.media;

import io.twitterhelpdesk.problem.ProblemJson;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Who may open a media file: a request with the link's {@code expires} and {@code signature} when the signature
 * is right for that file and has not expired (a helpdesk embeds the link in a ticket); without them, a request with
 * an API key, as for the rest of the API (the API key check given, api.ApiKeyAuthentication in the connector). A
 * wrong or expired signature is a 401 that says so.
 */
public final class MediaLinkAccess implements Processor {

    private final MediaLinks links;
    private final Processor apiKeys;

    public MediaLinkAccess(MediaLinks links, Processor apiKeys) {
        this.links = links;
        this.apiKeys = apiKeys;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        String expires = exchange.getMessage().getHeader("expires", String.class);
        String signature = exchange.getMessage().getHeader("signature", String.class);
        if (expires == null && signature == null) {
            apiKeys.process(exchange);
            return;
        }
        DmMediaRef ref;
        try {
            ref = DmMediaFiles.ref(exchange.getMessage());
        } catch (MediaProblem e) {
            refuse(exchange, 404, e.code(), e.getMessage());
            return;
        }
        switch (links.check(exchange.getMessage().getHeader("accountId", String.class), ref, expires, signature)) {
            case VALID -> {
            }
            case EXPIRED -> refuse(exchange, 401, "link_expired", "This media link expired at " + expires
                    + " (epoch seconds): open it with an API key (X-API-Key) instead of expires and signature");
            case INVALID -> refuse(exchange, 401, "invalid_signature",
                    "The link's signature does not match this media file and expiry");
        }
    }

    private static void refuse(Exchange exchange, int status, String code, String message) {
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        exchange.getMessage().setBody(ProblemJson.json(code, message));
        exchange.setRouteStop(true);
    }
}
