package io.twitterhelpdesk.delivery;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * The HTTP helpdesks delivered to ({@code helpdesk.http.helpdesks}) and what the delivery routes ask of them: which
 * call a message needs, the request's URL, method and headers (authentication among them), the ticket id in an
 * answer, and whether an append status means the ticket is gone.
 */
public final class HttpHelpdesks {

    private final Map<String, HttpHelpdesk> helpdesks = new LinkedHashMap<>();

    public HttpHelpdesks(List<HttpHelpdesk> helpdesks) {
        helpdesks.forEach(h -> this.helpdesks.put(h.name(), h));
    }

    /** The helpdesks delivered to (a helpdesk the start checks left out is not among them). */
    public Collection<HttpHelpdesk> all() {
        return helpdesks.values();
    }

    public Optional<HttpHelpdesk> find(String name) {
        return Optional.ofNullable(helpdesks.get(name));
    }

    HttpHelpdesk get(String name) {
        return find(name).orElseThrow(() -> new IllegalArgumentException("No HTTP helpdesk named '" + name + "'"));
    }

    /** Whether later messages of a conversation are appended to its ticket (an append call is configured). */
    public boolean appends(String helpdesk) {
        return get(helpdesk).append().isPresent();
    }

    /** Whether the helpdesk's tickets are asked for their status before an append ({@code status.url}). */
    public boolean checksStatus(String helpdesk) {
        return get(helpdesk).ticketStatus().isPresent();
    }

    /**
     * Prepares the status call for ticket {@code ticketId}: GET the {@code status.url} with the configured headers and
     * authentication; sets variables {@code endpoint} and {@code url} as {@link #prepare} does.
     */
    public void prepareStatus(Exchange exchange) {
        HttpHelpdesk helpdesk = get(exchange.getVariable("helpdesk", String.class));
        String url = helpdesk.ticketStatus().orElseThrow().url(exchange.getVariable("ticketId", String.class));
        request(exchange, helpdesk, "GET", url, Map.of());
        exchange.getMessage().setBody(null);
    }

    /** Whether the status call's answer says the ticket is closed: a gone status, or a 2xx with a closed value. */
    public boolean closedTicket(String helpdesk, int status, String answer) {
        HttpHelpdesk h = get(helpdesk);
        if (h.goneStatuses().contains(status)) {
            return true;
        }
        return status >= 200 && status < 300 && h.ticketStatus().orElseThrow().closed(answer);
    }

    /**
     * Prepares the {@code create} or {@code append} request (variable {@code call}) for the envelope in variable
     * {@code envelopeId} and ticket {@code ticketId}: replaces the headers by the request's (URL, method, content
     * type, configured headers, authentication, idempotency key) and sets variables {@code endpoint} (the
     * helpdesk's camel-http endpoint), {@code template} (the body template) and {@code url} (for log lines).
     */
    public void prepare(Exchange exchange) {
        HttpHelpdesk helpdesk = get(exchange.getVariable("helpdesk", String.class));
        String call = exchange.getVariable("call", String.class);
        String ticketId = exchange.getVariable("ticketId", String.class);
        String envelopeId = exchange.getVariable("envelopeId", String.class);
        HelpdeskCall c = "append".equals(call) ? helpdesk.append().orElseThrow() : helpdesk.create();
        Map<String, Object> headers = new LinkedHashMap<>();
        if (!helpdesk.idempotencyHeader().isEmpty()) {
            headers.put(helpdesk.idempotencyHeader(), "append".equals(call) ? envelopeId + "@" + ticketId : envelopeId);
        }
        headers.put("Content-Type", "application/json; charset=UTF-8");
        request(exchange, helpdesk, c.method(), c.url(ticketId), headers);
        exchange.setVariable("template", c.template());
    }

    /**
     * Replaces the message's headers by a request to the helpdesk: its configured headers and authentication,
     * {@code Accept: application/json}, {@code extra}, the URL and the method; sets variables {@code endpoint} (the
     * helpdesk's camel-http endpoint) and {@code url} (for log lines).
     */
    static void request(Exchange exchange, HttpHelpdesk helpdesk, String method, String url,
            Map<String, Object> extra) {
        Message message = exchange.getMessage();
        message.removeHeaders("*");
        Map<String, Object> headers = new LinkedHashMap<>(helpdesk.headers());
        helpdesk.auth().addTo(headers);
        headers.putAll(extra);
        headers.put("Accept", "application/json");
        headers.put(Exchange.HTTP_URI, url);
        headers.put(Exchange.HTTP_METHOD, method);
        message.setHeaders(headers);
        exchange.setVariable("endpoint", helpdesk.endpointUri());
        exchange.setVariable("url", url);
    }

    /** Whether the envelope's media go to this helpdesk as files ({@code attachments.mode} is not none). */
    public boolean attaches(String helpdesk) {
        return get(helpdesk).attachments().mode() != AttachmentOptions.Mode.NONE;
    }

    /** Whether the create and append calls are multipart/form-data ({@code attachments.mode} multipart). */
    public boolean multipart(String helpdesk) {
        return get(helpdesk).attachments().mode() == AttachmentOptions.Mode.MULTIPART;
    }

    /** The ticket id in a create call's answer, or null when it is not there. */
    public String ticketId(String helpdesk, String answer) {
        return get(helpdesk).ticketIdPath().read(answer);
    }

    /** Whether an append answered with this status means the ticket is gone or closed. */
    public boolean gone(String helpdesk, int status) {
        return get(helpdesk).goneStatuses().contains(status);
    }

    /** Cuts a helpdesk's answer to a size that fits a log line and a JMS property. */
    public static String excerpt(String answer) {
        if (answer == null) {
            return "";
        }
        return answer.length() <= 2000 ? answer : answer.substring(0, 2000) + "...";
    }
}
