package io.twitterhelpdesk.delivery;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import io.twitterhelpdesk.config.HelpdeskConfig;
import io.twitterhelpdesk.config.Settings;
import org.apache.camel.support.jsse.KeyStoreParameters;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.camel.support.jsse.TrustManagersParameters;

/**
 * One helpdesk reached over HTTP, as configured under {@code helpdesk.http.<name>.*}: the queue it is fed from, its
 * create and (optional) append calls, where the ticket id is in a create answer, which append statuses mean the
 * ticket is gone or closed, extra headers, authentication, timeouts, an optional trust store and an optional URL
 * the connector calls to check that the helpdesk answers and takes its credentials ({@code probe-url}), and how it
 * takes the envelope's media as files ({@code attachments.*}).
 */
public record HttpHelpdesk(String name, String queue, String deadLetterQueue, HelpdeskCall create,
        Optional<HelpdeskCall> append, TicketIdPath ticketIdPath, Set<Integer> goneStatuses,
        Map<String, String> headers, HelpdeskAuth auth, String idempotencyHeader, Duration connectTimeout,
        Duration responseTimeout, Optional<TrustStore> trustStore, Optional<String> probeUrl,
        Optional<TicketStatus> ticketStatus, AttachmentOptions attachments) {

    /**
     * The optional status call asked before each append ({@code status.url}, {@code {ticketId}} for the id): the
     * ticket is closed when the value at {@code status.path} in the answer is one of {@code status.closed-values}
     * (case-insensitive), or when the call answers one of the gone statuses.
     */
    public record TicketStatus(String urlTemplate, TicketIdPath path, Set<String> closedValues) {

        public String url(String ticketId) {
            return new HelpdeskCall(urlTemplate, "GET", null).url(ticketId);
        }

        /** Whether this 2xx answer says the ticket is closed. */
        public boolean closed(String answer) {
            String value = path.read(answer);
            return value != null && closedValues.contains(value.toLowerCase(java.util.Locale.ROOT));
        }
    }

    /** A trust store file (PKCS12 or JKS) for helpdesks whose certificate is not signed by a public CA. */
    public record TrustStore(String path, String password, String type) {

        /** Camel's TLS parameters for this trust store (a path without a scheme is a file). */
        public SSLContextParameters parameters() {
            KeyStoreParameters keyStore = new KeyStoreParameters();
            keyStore.setResource(path.contains(":") ? path : "file:" + path);
            keyStore.setPassword(password);
            keyStore.setType(type);
            TrustManagersParameters trust = new TrustManagersParameters();
            trust.setKeyStore(keyStore);
            SSLContextParameters tls = new SSLContextParameters();
            tls.setTrustManagers(trust);
            return tls;
        }

        @Override
        public String toString() {
            return path + " (" + type + ")";
        }
    }

    /** Helpdesk {@code name}'s keys, over the defaults in {@link HelpdeskConfig#DEFAULTS}. */
    static HelpdeskConfig config(Settings settings, String name) {
        return settings.bind("helpdesk.http." + name + ".", HelpdeskConfig.DEFAULTS, new HelpdeskConfig());
    }

    static HttpHelpdesk load(Settings settings, String name) {
        String p = "helpdesk.http." + name + ".";
        HelpdeskConfig config = config(settings, name);
        String queue = queue(settings, config);
        if (queue.contains("${")) {
            throw new IllegalArgumentException(p + "queue must name the queue this helpdesk is fed from, e.g. "
                    + "helpdesk.inbox.support (inbound.queue is per inbox: '" + queue + "')");
        }
        String createUrl = url(config.createUrl(), p + "create.url", true).orElseThrow();
        String createTemplate = config.createTemplate();
        HelpdeskCall create = new HelpdeskCall(createUrl, method(config.createMethod(), p + "create.method"),
                createTemplate);
        Optional<HelpdeskCall> append = url(config.appendUrl(), p + "append.url", false).map(url -> new HelpdeskCall(
                url, method(config.appendMethod(), p + "append.method"),
                config.appendTemplate().orElse(createTemplate)));
        Set<Integer> gone = new TreeSet<>();
        for (String s : config.goneStatuses().split(",")) {
            try {
                gone.add(Integer.parseInt(s.trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(p + "gone-statuses must be HTTP statuses such as 404,410, not '"
                        + s.trim() + "'");
            }
        }
        TicketIdPath idPath;
        try {
            idPath = new TicketIdPath(config.ticketIdPath());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(p + "ticket-id-path: " + e.getMessage());
        }
        Optional<TrustStore> trustStore = config.trustStore().map(path -> new TrustStore(path,
                config.trustStorePassword(), config.trustStoreType()));
        return new HttpHelpdesk(name, queue, config.deadLetterQueue().orElse("helpdesk." + name + ".dead-letters"),
                create, append, idPath, gone, headers(config.headers(), p + "headers"),
                HelpdeskAuth.load(settings, p, config), config.idempotencyHeader(), config.connectTimeout(),
                config.responseTimeout(), trustStore, url(config.probeUrl(), p + "probe-url", false),
                ticketStatus(config, p), AttachmentOptions.load(settings, p, config));
    }

    private static Optional<TicketStatus> ticketStatus(HelpdeskConfig config, String p) {
        Optional<String> url = url(config.statusUrl(), p + "status.url", false);
        if (url.isEmpty()) {
            return Optional.empty();
        }
        String path = config.statusPath().orElse("");
        String values = config.statusClosedValues().orElse("");
        if (path.isBlank() || values.isBlank()) {
            throw new IllegalArgumentException(p + "status.url is set: " + p + "status.path (where the answer has the "
                    + "ticket's status, e.g. $.ticket.status) and " + p + "status.closed-values (e.g. solved,closed) "
                    + "are required too");
        }
        TicketIdPath statusPath;
        try {
            statusPath = new TicketIdPath(path);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(p + "status.path: " + e.getMessage());
        }
        Set<String> closed = new TreeSet<>();
        for (String v : values.split(",")) {
            if (!v.isBlank()) {
                closed.add(v.trim().toLowerCase(java.util.Locale.ROOT));
            }
        }
        return Optional.of(new TicketStatus(url.get(), statusPath, closed));
    }

    /** The queue a helpdesk is fed from: its {@code queue} key, else {@code inbound.queue}. */
    static String queue(Settings settings, HelpdeskConfig config) {
        return config.queue().orElseGet(() -> settings.required("inbound.queue"));
    }

    /** The queue helpdesk {@code name} is fed from, read alone (for a helpdesk whose other keys are refused). */
    static String queue(Settings settings, String name) {
        return settings.optional("helpdesk.http." + name + ".queue")
                .orElseGet(() -> settings.required("inbound.queue"));
    }

    private static Optional<String> url(Optional<String> url, String key, boolean required) {
        if (url.isEmpty() && required) {
            throw new IllegalArgumentException(key + " is required: the helpdesk's URL for this call");
        }
        url.ifPresent(u -> checkUrl(key, u));
        return url;
    }

    /** An absolute http or https URL with a host ({@code {ticketId}} stands for a ticket's id). */
    static void checkUrl(String key, String url) {
        URI uri;
        try {
            uri = new URI(url.replace("{ticketId}", "0"));
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(key + " is not a URL: '" + url + "' (" + e.getReason() + " at index "
                    + e.getIndex() + ")");
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
            throw new IllegalArgumentException(key + " must be an http or https URL, not '" + url + "'");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException(key + " must name the helpdesk's host, e.g. "
                    + "https://helpdesk.example.com/api/tickets, not '" + url + "'");
        }
    }

    private static String method(String value, String key) {
        String method = value.toUpperCase(java.util.Locale.ROOT);
        if (!Set.of("POST", "PUT", "PATCH").contains(method)) {
            throw new IllegalArgumentException(key + " must be POST, PUT or PATCH, not '" + method + "'");
        }
        return method;
    }

    /** {@code Name: value; Other: value} into an ordered map. */
    private static Map<String, String> headers(String value, String key) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String pair : value.split(";")) {
            if (pair.isBlank()) {
                continue;
            }
            int colon = pair.indexOf(':');
            if (colon < 1) {
                throw new IllegalArgumentException(key + " must be 'Name: value; Other: value', not '" + pair.trim() + "'");
            }
            headers.put(pair.substring(0, colon).trim(), pair.substring(colon + 1).trim());
        }
        return headers;
    }

    /** The camel-http endpoint of this helpdesk (the request URL itself goes in the CamelHttpUri header). */
    String endpointUri() {
        URI create = URI.create(this.create.urlTemplate().replace("{ticketId}", "0"));
        StringBuilder uri = new StringBuilder(create.getScheme()).append("://").append(create.getRawAuthority())
                .append("?throwExceptionOnFailure=false")
                .append("&httpConnection.connectTimeout=").append(connectTimeout.toMillis())
                .append("&httpConnection.socketTimeout=").append(responseTimeout.toMillis())
                .append("&httpClient.responseTimeout=").append(responseTimeout.toMillis());
        trustStore.ifPresent(t -> uri.append("&sslContextParameters=#").append(sslContextBeanName()));
        return uri.toString();
    }

    public String sslContextBeanName() {
        return "helpdeskTls-" + name;
    }
}
